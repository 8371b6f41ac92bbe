#!/bin/sh
# Makes the Windows code page fixtures from their UTF-8 sources. Run from importer/testdata.
set -eu
iconv -f UTF-8 -t WINDOWS-1252 src/kunder-i-butikken.csv.utf8 > kunder-i-butikken.csv
iconv -f UTF-8 -t WINDOWS-1250 src/klienci-pl.csv.utf8 > klienci-pl.csv

#!/bin/sh
# Rebuilds lost-zeros-libreoffice.xlsx from src/lost-zeros.csv the way a shop owner would:
# LibreOffice Calc opens the CSV with "detect special numbers" on, so phone numbers and
# postcodes become numbers (losing their leading zeros) and ISO dates become date cells,
# then saves it as .xlsx. Run from cmd/clientele/testdata; needs soffice.
set -eu
tmp=$(mktemp -d)
cp src/lost-zeros.csv "$tmp/lost-zeros-libreoffice.csv"
soffice -env:UserInstallation=file://$tmp/profile --headless \
  --infilter="CSV:44,34,76,1,,0,false,false,true" \
  --convert-to xlsx --outdir "$tmp" "$tmp/lost-zeros-libreoffice.csv" >/dev/null
cp "$tmp/lost-zeros-libreoffice.xlsx" .
rm -rf "$tmp"

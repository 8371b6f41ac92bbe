#!/bin/sh
# Regenerates the derived fixtures in sheet/testdata from the sources in this folder.
# Needs iconv, python3 and LibreOffice (soffice). Run from sheet/testdata: sh src/make.sh
set -eu
lo() { soffice --headless -env:UserInstallation=file:///tmp/lo-clientele-fixtures "$@" >/dev/null 2>&1; }
tmp=$(mktemp -d)

# Code-page CSVs as Norwegian and Polish Excel save "CSV (semicolon separated)": CR LF, no BOM.
sed 's/$/\r/' src/no-excel.csv.utf8 | iconv -f UTF-8 -t WINDOWS-1252 > no-excel-1252.csv
sed 's/$/\r/' src/pl-excel.csv.utf8 | iconv -f UTF-8 -t WINDOWS-1250 > pl-excel-1250.csv
# Excel "CSV UTF-8": a BOM, commas, CR LF (the quoted cell keeps its LF).
{ printf '\357\273\277'; sed '2!s/$/\r/' src/utf8-bom-comma.csv.utf8; } > utf8-bom-comma.csv
# Excel "Unicode Text": UTF-16LE with a BOM, tabs, CR LF.
{ printf '\377\376'; sed 's/$/\r/' src/excel-unicode-text.txt.utf8 | iconv -f UTF-8 -t UTF-16LE; } > excel-unicode-text.txt

# Workbooks written by LibreOffice itself.
python3 src/make-fods.py
mv libreoffice.fods libreoffice-1904.fods "$tmp"/
lo --convert-to xlsx --outdir . "$tmp"/libreoffice.fods "$tmp"/libreoffice-1904.fods
cp src/title-row.csv.utf8 "$tmp"/title-row.csv
lo --infilter=CSV:59,34,76,1 --convert-to xlsx --outdir . "$tmp"/title-row.csv
cp src/pl-excel.csv.utf8 "$tmp"/old-excel.csv
lo --infilter=CSV:59,34,76,1 --convert-to xls --outdir . "$tmp"/old-excel.csv
lo --infilter=CSV:59,34,76,1 --convert-to ods --outdir "$tmp" "$tmp"/title-row.csv
cp "$tmp"/title-row.ods ods-renamed.xlsx

# Hostile files.
: > empty.csv
python3 -c 'import zlib,struct
def chunk(t,d): return struct.pack(">I",len(d))+t+d+struct.pack(">I",zlib.crc32(t+d))
png=b"\x89PNG\r\n\x1a\n"+chunk(b"IHDR",struct.pack(">IIBBBBB",1,1,8,2,0,0,0))+chunk(b"IDAT",zlib.compress(b"\x00\xff\x00\x00"))+chunk(b"IEND",b"")
open("png-renamed.xlsx","wb").write(png)'
rm -rf "$tmp"

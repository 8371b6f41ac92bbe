"""Writes the flat-ODS sources of the LibreOffice xlsx fixtures (see ../README.md)."""


def cell(v, kind='string', style=None):
    st = f' table:style-name="{style}"' if style else ''
    if v is None:
        return '<table:table-cell/>'
    if kind == 'string':
        return f'<table:table-cell office:value-type="string"{st}><text:p>{v}</text:p></table:table-cell>'
    if kind == 'float':
        return f'<table:table-cell office:value-type="float" office:value="{v}"{st}><text:p>{v}</text:p></table:table-cell>'
    if kind == 'date':
        return f'<table:table-cell office:value-type="date" office:date-value="{v}"{st}><text:p>{v}</text:p></table:table-cell>'
    if kind == 'bool':
        return f'<table:table-cell office:value-type="boolean" office:boolean-value="{v}"{st}><text:p>{v.upper()}</text:p></table:table-cell>'


HEAD = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:date-style style:name="N_DMY"><number:day number:style="long"/><number:text>.</number:text><number:month number:style="long"/><number:text>.</number:text><number:year number:style="long"/></number:date-style>
<number:date-style style:name="N_MDY"><number:month/><number:text>/</number:text><number:day/><number:text>/</number:text><number:year/></number:date-style>
<number:date-style style:name="N_DT"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/><number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/></number:date-style>
<number:number-style style:name="N_0000"><number:number number:decimal-places="0" number:min-integer-digits="4"/></number:number-style>
<style:style style:name="ce_dmy" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N_DMY"/>
<style:style style:name="ce_mdy" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N_MDY"/>
<style:style style:name="ce_dt" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N_DT"/>
<style:style style:name="ce_0000" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N_0000"/>
<style:style style:name="ce_bold" style:family="table-cell" style:parent-style-name="Default"><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
'''


def doc(rows, null1904=False, name='Sheet1'):
    s = HEAD
    if null1904:
        s += '<table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>\n'
    s += f'<table:table table:name="{name}">\n'
    for r in rows:
        s += '<table:table-row>' + ''.join(c or cell(None) for c in r) + '</table:table-row>\n'
    s += '</table:table></office:spreadsheet></office:body></office:document>\n'
    return s


hdr = ['Account Number', 'First Name', 'Last Name', 'Mobile', 'Phone', 'Postcode', 'Country',
       'Date of Birth', 'Email Marketing', 'Loyalty Points', 'Note']
rows = [[cell(h, style='ce_bold') for h in hdr]]
# Numbers typed into General cells: the leading zero of 0150 is lost, phones are numbers.
rows.append([cell('A-1001'), cell('Ingrid'), cell('Haugen'), cell('91234567', 'float'),
             cell('4791234567', 'float'), cell('150', 'float'), cell('NO'),
             cell('1990-02-28', 'date', 'ce_dmy'), cell('true', 'bool'), cell('1250', 'float'),
             cell('Prefers SMS receipts')])
# A "0000" postcode format shows 0150; a US-style date format.
rows.append([cell('A-1002'), cell('Øyvind'), cell('Sæther'), cell('93456789', 'float'),
             cell('22123456', 'float'), cell('150', 'float', 'ce_0000'), cell('NO'),
             cell('1979-11-03', 'date', 'ce_mdy'), cell('false', 'bool'), cell('0', 'float'), None])
rows.append([None] * 11)
# A date-time cell, text phone and postcode, a decimal, a text that looks like a formula.
rows.append([cell('PL-0042'), cell('Małgorzata'), cell('Wiśniewska'), cell('48601234567', 'float'),
             cell('+48 22 123 45 67'), cell('00-950'), cell('PL'),
             cell('1990-02-28T14:30:00', 'date', 'ce_dt'), None, cell('12.5', 'float'),
             cell('=not a formula')])
# A 13-digit number (would be 5.90123E+12 in General), a date typed as text.
rows.append([cell('A-1003'), cell('Kari'), cell('Nordmann'), cell('5901234123457', 'float'), None,
             cell('5003', 'float'), cell('NO'), cell('28.02.1990'), None, None, None])
open('libreoffice.fods', 'w').write(doc(rows))

rows = [[cell(h) for h in ['First Name', 'Last Name', 'Date of Birth']],
        [cell('Kari'), cell('Nordmann'), cell('1990-02-28', 'date', 'ce_dmy')]]
open('libreoffice-1904.fods', 'w').write(doc(rows, null1904=True))

"""Workbooks as Excel and WPS write them (not openpyxl): shared strings with rich runs and phonetic
guides, inline strings, booleans, error values, Chinese date formats, shared formulas, the 1904 calendar,
relative part names, a sheet cut off part-way."""

from __future__ import annotations

import io
import zipfile

from hallapp.services.catalogue_import.xlsx import parse_xlsx

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def workbook(sheet: str, *, date1904: bool = False, strings: str = "") -> bytes:
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": f'<workbook {NS} {R}><workbookPr date1904="{int(date1904)}"/>'
        '<sheets><sheet name="实施清单" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/../worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="/xl/sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": f'<styleSheet {NS}><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
        '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="31"/></cellXfs></styleSheet>',
        "xl/sharedStrings.xml": f"<sst {NS}>{strings}</sst>",
        "xl/worksheets/sheet1.xml": f"<worksheet {NS}><sheetData>{sheet}</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


HEADER = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
    '<c r="D1" t="inlineStr"><is><t>办公时间</t></is></c><c r="E1" t="inlineStr"><is><t>是否容缺</t></is></c>'
    '<c r="F1" t="inlineStr"><is><t>承诺办结时限</t></is></c><c r="G1" t="inlineStr"><is><t>法定办结时限</t></is></c>'
    '<c r="H1" t="inlineStr"><is><t>受理条件</t></is></c></row>'
)
STRINGS = (
    "<si><t>事项名称</t></si><si><t>实施编码</t></si>"
    '<si><r><t>实施</t></r><r><rPr><b/></rPr><t>主体</t></r><rPh sb="0" eb="2"><t>shishi</t></rPh></si>'
    "<si><t>创业培训补贴申领_x000D_</t></si>"
)


def test_cells_as_excel_writes_them() -> None:
    row = (
        '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3"><v>440310001</v></c>'
        '<c r="C3" t="inlineStr"><is><r><t>区人力</t></r><r><t>资源局</t></r><rPh><t>x</t></rPh></is></c>'
        '<c r="D3" s="1"><v>46285</v></c><c r="E3" t="b"><v>1</v></c>'
        '<c r="F3"><f t="shared" si="0"/><v>10</v></c><c r="G3" s="2"><v>20</v></c>'
        '<c r="H3" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    )
    result = parse_xlsx(workbook(HEADER + row, strings=STRINGS), name="省平台.xlsx")
    [guide] = result.source.guides
    assert guide.name == "创业培训补贴申领"  # the escaped carriage return is trimmed with the spaces
    assert guide.code == "440310001" and guide.department.name == "区人力资源局"
    assert guide.hours == "2026-09-20"  # a date in a custom 年月日 format
    assert guide.deferrable is True
    assert guide.promised_limit_days == 10  # a shared formula's cached result
    assert guide.conditions == ""
    assert any("第 3 行，字段 H 列（受理条件）（值「#DIV/0!」）" in m for m in result.messages())


def test_the_1904_calendar() -> None:
    row = '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="inlineStr"><is><t>A1</t></is></c><c r="C2" t="inlineStr"><is><t>区残联</t></is></c><c r="D2" s="1"><v>44823</v></c></row>'
    [guide] = parse_xlsx(workbook(HEADER + row, date1904=True, strings=STRINGS)).source.guides
    assert guide.hours == "2026-09-20"


def test_a_sheet_cut_off_part_way_keeps_the_rows_before() -> None:
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>事项{n}</t></is></c><c r="B{n}" t="inlineStr"><is><t>A{n}</t></is></c>'
        f'<c r="C{n}" t="inlineStr"><is><t>区残联</t></is></c></row>'
        for n in range(2, 5)
    )
    data = workbook(HEADER + rows + '<row r="5"><c r="A5"', strings=STRINGS)  # the XML ends mid-row
    result = parse_xlsx(data)
    assert [g.code for g in result.source.guides] == ["A2", "A3", "A4"]
    assert any("实施清单" in m and "工作表已损坏，第 4 行之后的内容无法读取" in m for m in result.messages())


def test_a_part_declaring_entities_is_refused() -> None:
    """The "billion laughs": a few KB of entity declarations expanding to gigabytes."""
    laughs = '<!DOCTYPE sst [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    data = workbook(HEADER, strings="")
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            text = source.read(name)
            if name == "xl/sharedStrings.xml":
                text = (laughs + f"]><sst {NS}><si><t>&j;</t></si></sst>").encode()
            target.writestr(name, text)
    result = parse_xlsx(buffer.getvalue(), name="炸弹.xlsx")
    assert result.source.guides == []
    assert result.messages() == ["炸弹.xlsx：工作簿已损坏或格式不受支持，无法读取（ValueError）"]

# Writes hidden.xls, the .xls fixture of the hidden-row test in src/data/workbook/tests/xls.rs
# (no Rust crate writes BIFF): python3 -m pip install xlwt==1.3.0 && python3 hidden-xls.py
import xlwt

book = xlwt.Workbook(encoding="utf-8")
ws = book.add_sheet("乡镇")
for c, h in enumerate(["unit_id", "unit_name", "gdp"]):
    ws.write(0, c, h)
for r, (id, name, gdp) in enumerate(
    [("T1", "甲镇", 1.5), ("T2", "乙镇", 2.5), ("T3", "丙镇", 3.5), ("T4", "丁镇", 4.5)]
):
    ws.write(r + 1, 0, id)
    ws.write(r + 1, 1, name)
    ws.write(r + 1, 2, gdp)
# Rows 3 and 5 (T2, T4) hidden, as by hand or by a filter; row 7, empty, hidden too.
for r in (2, 4, 6):
    ws.row(r).hidden = True
book.save("hidden.xls")

# Writes township.xls, the .xls fixture of src/data/workbook/tests/xls.rs (no Rust crate writes
# BIFF): python3 -m pip install xlwt==1.3.0 && python3 township-xls.py
import datetime

import xlwt

book = xlwt.Workbook(encoding="utf-8")
pct = xlwt.easyxf(num_format_str="0%")
pct1 = xlwt.easyxf(num_format_str="0.0%")
date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
cn_date = xlwt.easyxf(num_format_str='yyyy"年"m"月"d"日"')
thousands = xlwt.easyxf(num_format_str="#,##0.0,")
plain = xlwt.easyxf(num_format_str="#,##0.00")

ws = book.add_sheet("乡镇")
for c, h in enumerate(["unit_id", "unit_name", "gdp", "rate", "acc"]):
    ws.write(0, c, h)
ws.write(1, 0, "T1")
ws.write(1, 1, "甲镇")
ws.write(1, 2, 1234.5)
ws.write(1, 3, 0.8, pct)
ws.write(1, 4, datetime.date(2024, 3, 5), date)
ws.write(2, 0, "T2")
ws.write(2, 1, "乙镇")
ws.write(2, 2, 2469)
ws.write(2, 3, 1.0, pct)
ws.write(2, 4, 0)

ws = book.add_sheet("合并")
for c, h in enumerate(["unit_id", "gdp", "rate"]):
    ws.write(0, c, h)
ws.write(1, 0, "T1")
ws.write_merge(1, 1, 1, 2, 5)

# Number formats of every kind, on the numbers xlwt writes as RK (integers, hundredths) and as
# NUMBER (other doubles).
ws = book.add_sheet("格式")
for c, h in enumerate(["unit_id", "rate", "share", "output", "amount", "day"]):
    ws.write(0, c, h)
ws.write(1, 0, "T1")
ws.write(1, 1, 0.925, pct1)
ws.write(1, 2, 1, pct)
ws.write(1, 3, 9600, thousands)
ws.write(1, 4, 1234.5, plain)
ws.write(1, 5, 45356, cn_date)
ws.write(2, 0, "T2")
ws.write(2, 1, -0.05, pct1)
ws.write(2, 2, 0.35, pct)
ws.write(2, 3, 12, plain)
ws.write(2, 4, 0.123456789, plain)

book.save("township.xls")

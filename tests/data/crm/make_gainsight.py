"""Writes gainsight_companies.xlsx: a Gainsight NXT company report as exported to Excel.

Real date cells (shown as US dates), ARR as currency-formatted numbers, employees as numbers,
Gainsight's stage and tier words. The same five companies as the other files here. Run it again
after changing it: ``.venv/bin/python tests/data/crm/make_gainsight.py``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HEADERS = ["Company Name", "CSM", "Stage", "ARR", "Renewal Date", "Original Contract Date",
           "Employees", "Industry", "Tier"]
COMPANIES = [
    ("Northwind Traders", "Dana Whitfield", "Adoption", 120000, date(2027, 6, 30),
     date(2024, 7, 1), 1250, "Retail", "Enterprise"),
    ("Total Logistics", "Dana Whitfield", "Renewal", 245500, date(2027, 1, 14),
     date(2025, 1, 15), 3400, "Transportation", "Strategic"),
    ("Brightwave Health", "Marcus Lee", "Onboarding", 98000, date(2027, 10, 31),
     date(2025, 11, 1), 860, "Healthcare", "Enterprise"),
    ("Cobalt Analytics", "Dana Whitfield", "Live", 36000, date(2027, 2, 28),
     date(2026, 3, 1), 140, "Technology", "SMB"),
    ("Evergreen Foods", "Marcus Lee", "Expansion", 64250.5, date(2027, 9, 29),
     date(2023, 9, 30), 2100, "Food & Beverage", "Scaled"),
]


def make(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Company"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for company in COMPANIES:
        sheet.append(list(company))
    for row in sheet.iter_rows(min_row=2):
        row[3].number_format = '"$"#,##0.00'
        row[4].number_format = row[5].number_format = "mm/dd/yyyy"
        row[6].number_format = "#,##0"
    workbook.save(path)


if __name__ == "__main__":
    make(Path(__file__).with_name("gainsight_companies.xlsx"))

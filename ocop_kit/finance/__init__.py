"""The financial plan of an OCOP business plan (Biểu số 03, part IV), as plain Python.

Names follow ILO SIYB worksheets: sales forecast (Dự báo doanh số), sales-and-cost plan
(Kế hoạch doanh thu và chi phí), cash-flow plan (Kế hoạch dòng tiền), start-up capital
(Vốn khởi sự). No widget imports here: views build on :func:`compute` and :func:`check_plan`.
XLSX export and charts live in ``export_xlsx`` and ``charts`` (they import openpyxl and
matplotlib lazily).
"""
from .checks import Issue, check_inputs, check_plan, issues_by_field
from .compute import PlanInputError, PlanResult, calendar_month, compute, loan_schedule
from .model import BusinessPlan, Equipment, FinanceModel, FixedCost, Funding, Loan, ProductLine, StartupInvestment
from .serialize import SCHEMA_VERSION, PlanFormatError, load_plan, plan_from_dict, plan_to_dict, save_plan

__all__ = [
    "BusinessPlan", "Equipment", "FinanceModel", "FixedCost", "Funding", "Loan", "ProductLine",
    "StartupInvestment", "compute", "loan_schedule", "calendar_month", "PlanResult",
    "PlanInputError", "Issue", "check_inputs", "check_plan", "issues_by_field",
    "SCHEMA_VERSION", "PlanFormatError", "plan_to_dict", "plan_from_dict", "load_plan",
    "save_plan",
]

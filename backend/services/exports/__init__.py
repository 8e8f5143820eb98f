"""Exports of every list screen as CSV or XLSX, exactly as the GraphQL list gives it: the same
service functions, the same policy checks of arguments and fields, all its rows (streamed)."""

from backend.services.exports.csv_writer import csv_chunks
from backend.services.exports.plan import FORMATS, LISTS, PAGE_SIZE, Export, find_list, prepare
from backend.services.exports.xlsx_writer import xlsx_chunks

__all__ = [
    "PAGE_SIZE",
    "FORMATS",
    "LISTS",
    "Export",
    "csv_chunks",
    "find_list",
    "prepare",
    "xlsx_chunks",
]

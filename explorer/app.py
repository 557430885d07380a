"""The explorer (`make explore`): pick a division and a year, see what its departments
budgeted and spent, by functional and economic class, 三公 and projects, the budget beside
the final accounts, and what the checks found. Read-only over WAREHOUSE; a link carries the
choice (?division=…&year=…&document=…), so a view can be shared."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # streamlit runs this file as a script

from explorer import queries  # noqa: E402

WAREHOUSE = Path(os.environ.get("WAREHOUSE", "warehouse.duckdb"))
ALL = "all documents"

st.set_page_config(page_title="Budget disclosures", layout="wide")
st.title("Budget disclosures")
if not WAREHOUSE.is_file():
    st.error(f"No warehouse at {WAREHOUSE}: run `make build` first.")
    st.stop()

# A connection per page run: a build publishes a new file by rename, and the next run reads it.
con = queries.connect(WAREHOUSE)
divisions = queries.divisions(con)
if divisions.empty:
    st.warning("The warehouse holds no document.")
    st.stop()


def _choice(options: list, wanted, default=0) -> int:
    return options.index(wanted) if wanted in options else default


params = st.query_params
keys = divisions["division_key"].tolist()
names = dict(zip(keys, divisions["division_name"].fillna("").str.strip(), strict=True))
division = st.sidebar.selectbox(
    "Division", keys, index=_choice(keys, params.get("division")), format_func=lambda k: f"{names[k] or k} ({k})"
)
years = [int(y) for y in divisions.loc[divisions["division_key"] == division, "years"].iloc[0]]
wanted_year = int(params["year"]) if params.get("year", "").isdigit() else None
year = st.sidebar.selectbox("Fiscal year", years, index=_choice(years, wanted_year))
docs = queries.documents(con, division, year)
labels = {row.document_id: f"{row.org_name} · {row.document_kind}" for row in docs.itertuples()}
document = st.sidebar.selectbox(
    "Document", [ALL, *labels], index=_choice([ALL, *labels], params.get("document")),
    format_func=lambda d: d if d == ALL else labels[d],
)
st.query_params.update({"division": division, "year": str(year)} | ({} if document == ALL else {"document": document}))
ids = docs["document_id"].tolist() if document == ALL else [document]

st.subheader(f"{names[division] or division}, {year}: " + (f"{len(ids)} documents" if document == ALL else labels[document]))
st.caption("Amounts in 万元, exact as printed; a figure a document does not print is blank, never 0.")
head = queries.headline(con, ids)
columns = st.columns(4)
for column, (key, title) in zip(columns, [("expenditure", "Expenditure"), ("basic", "Basic"), ("project", "Projects"),
                                           ("three_public", "三公")], strict=True):
    column.metric(title, queries.amount(head[key]) or "—")


def _classes(frame, amounts: list[str], missing: str) -> None:
    """Spending by class: a bar per class (drawn from floats; the table keeps the exact amounts)."""
    if frame.empty:
        st.info(f"{missing} in these documents.")
        return
    chart = frame.assign(total=frame["total"].astype(float), label=frame["code"] + " " + frame["class"])
    st.bar_chart(chart, x="label", y="total", color="kind", horizontal=True)
    st.table(queries.shown(frame, amounts))


tabs = st.tabs(["Totals", "Functional classes", "Economic classes", "三公", "Projects", "Budget and final accounts",
                "Findings"])
with tabs[0]:
    st.table(queries.totals(con, ids))
with tabs[1]:
    _classes(queries.subject_classes(con, ids), ["total", "general_budget"], "No expenditure by functional class")
with tabs[2]:
    _classes(queries.economic_classes(con, ids), ["total"], "No basic expenditure by economic class")
with tabs[3]:
    st.table(queries.three_public(con, ids))
with tabs[4]:
    st.table(queries.projects(con, ids))
with tabs[5]:
    st.table(queries.budget_beside_final(con, division, year))
with tabs[6]:
    found = queries.findings(con, ids)
    serious = found[found["severity"] != "rounding"]
    st.write(f"{len(serious)} errors and warnings, {len(found) - len(serious)} rounding differences.")
    st.table(serious)
    with st.expander("Rounding differences"):
        st.table(found[found["severity"] == "rounding"])

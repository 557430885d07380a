"""The explorer (`make explore`): its queries over a warehouse with real documents, and the
app itself in a real headless browser (Debian's Chromium, driven by Playwright), showing a
chosen document's figures."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from decimal import Decimal as D
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from explorer import queries
from tests.conftest import ROOT, SAMPLES
from tests.warehouse_build import build_warehouse

REAL = ROOT / "tests" / "fixtures" / "real"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# This machine's closed network refuses Chromium's background connections; without these
# flags it keeps trying them.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
JIANGSU = "320000"  # the province's GB/T 2260 code: a Jiangsu provincial department's division


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("explorer")
    inbox = tmp / "in"
    shutil.copytree(SAMPLES, inbox)
    for name in ("js_npc_office_budget_2018.pdf", "sh_putuo_finance_final_2024.pdf"):
        shutil.copy(REAL / name, inbox / name)
    return build_warehouse(inbox, tmp, strict=False)


def test_the_queries_show_a_real_documents_figures_exactly(built):
    con = queries.connect(built)
    divisions = queries.divisions(con)
    assert JIANGSU in divisions["division_key"].tolist() and len(divisions) == 4
    ids = queries.documents(con, JIANGSU, 2018)["document_id"].tolist()
    assert len(ids) == 1
    classes = queries.subject_classes(con, ids).set_index("code")
    # 财政拨款支出预算表（功能科目）of the 2018 Jiangsu NPC office budget: 201 一般公共服务支出 12,706.28 万元.
    assert classes.loc["201", "general_budget"] == D("12706.280000")
    assert queries.amount(classes.loc["201", "general_budget"]) == "12,706.28"
    assert queries.amount(D("0.500000")) == "0.50" and queries.amount(D("1.234500")) == "1.2345" and queries.amount(None) == ""
    head = queries.headline(con, ids)
    assert head["expenditure"] == D("15897.440000")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(built):
    port = _free_port()
    process = subprocess.Popen(
        ["make", "-C", str(ROOT), "explore", f"WAREHOUSE={built}", f"EXPLORE_PORT={port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read() == b"ok":
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the explorer did not start: {process.stdout.read()[-2000:]}")
            time.sleep(0.5)
    yield url
    os.killpg(process.pid, 15)
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def page(server):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser.new_page(viewport={"width": 1400, "height": 1600})
        browser.close()


def test_a_chosen_document_shows_its_figures_in_a_real_browser(server, page):
    page.goto(f"{server}/?division={JIANGSU}&year=2018")
    page.locator("td:visible", has_text="江苏省人大常委会办公厅").first.wait_for(timeout=30_000)
    body = page.inner_text("body")
    assert "15,897.44" in body  # the headline expenditure, exact
    page.get_by_role("tab", name="Functional classes").click()
    page.locator("td:visible", has_text="12,706.28").first.wait_for(timeout=15_000)
    assert "一般公共服务支出" in page.inner_text("body")
    assert page.locator("svg, canvas").count() > 0  # the chart
    page.get_by_role("tab", name="Findings").click()
    page.get_by_text("errors and warnings").first.wait_for(timeout=15_000)
    assert "Traceback" not in page.inner_text("body") and "Exception" not in page.inner_text("body")


def test_choosing_a_division_in_the_page_shows_its_documents(server, page):
    page.goto(server)
    page.get_by_text("Fiscal year").first.wait_for(timeout=30_000)
    page.get_by_text("Division").first.wait_for()
    page.locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name="上海市").first.click()
    page.locator("td:visible", has_text="上海市普陀区财政局").first.wait_for(timeout=30_000)
    assert "year=2024" in page.url and "division=" in page.url  # the choice is in the link
    page.get_by_role("tab", name="三公").click()
    # The 三公 预算数 the final accounts print, in the table of the tab now shown.
    page.locator("tr:visible", has_text="final_accounts").filter(has_text="0.95").first.wait_for(timeout=15_000)

"""Bad input never stops the batch; duplicates and identity conflicts are settled;
output is deterministic and written atomically."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from loaders.cli import main
from loaders.schema import SCHEMAS
from tests.conftest import ROOT, SAMPLES, WENSHUI, ZEZHOU, read_raw


def _run(tmp_path: Path, files: dict[str, bytes]) -> dict[str, pl.DataFrame]:
    src = tmp_path / "in"
    src.mkdir()
    for name, data in files.items():
        (src / name).write_bytes(data)
    out = tmp_path / "raw"
    assert main([str(src), "--out", str(out), "--quiet"]) == 0
    return {name: read_raw(out, name) for name in SCHEMAS}


def _zz() -> bytes:
    return (SAMPLES / ZEZHOU).read_bytes()


def _errors(raw, source, code):
    return raw["load_errors"].filter((pl.col("source_file") == source) & (pl.col("error_code") == code))


def test_bad_documents_are_reported_and_the_rest_still_loads(tmp_path):
    text = _zz().decode("utf-8")
    lines = text.split("\n")
    garbled = text.replace("\t5914.08\t5163.24", "\t59l4.08\t5163.24", 1)
    unknown = text.replace("\n2026年财政拨款安排机关运行经费预算表\n", "\n2026年部门资产配置预算表\n", 1)
    raw = _run(
        tmp_path,
        {
            "a_good.txt": (SAMPLES / WENSHUI).read_bytes(),
            "b_truncated.txt": "\n".join(lines[:200]).encode("utf-8"),
            "c_garbled.txt": garbled.encode("utf-8"),
            "d_unknown.txt": unknown.encode("utf-8"),
            "e_binary.txt": bytes(range(256)) * 64,
            "f_gbk.txt": text.replace("泽州县", "某某县").encode("gb18030"),
        },
    )
    docs = {r["source_file"]: r for r in raw["documents"].to_dicts()}
    assert docs["a_good.txt"]["status"] == "loaded" and docs["a_good.txt"]["table_count"] == 13
    assert docs["e_binary.txt"]["status"] == "failed" and _errors(raw, "e_binary.txt", "unreadable_encoding").height == 1
    assert docs["f_gbk.txt"]["encoding"] == "gb18030" and docs["f_gbk.txt"]["table_count"] == 13
    missing = _errors(raw, "b_truncated.txt", "missing_table")["table_number"].to_list()
    assert missing and 13 in missing and 1 not in missing
    bad = _errors(raw, "c_garbled.txt", "unparseable_amount").row(0, named=True)
    assert (bad["table_number"], bad["cell_text"]) == (1, "59l4.08")
    assert bad["source_line"] == lines.index(next(ln for ln in lines if "\t5914.08\t5163.24" in ln)) + 1
    assert "table 1" in bad["message"]
    unknown_rows = _errors(raw, "d_unknown.txt", "unknown_table")
    assert unknown_rows.height == 1 and "部门资产配置预算表" in unknown_rows["cell_text"][0]
    assert _errors(raw, "d_unknown.txt", "missing_table")["table_number"].to_list() == [11]
    assert _errors(raw, "d_unknown.txt", "unmapped_amount").height == 4  # its four amounts, each reported


def test_identical_file_loads_once_and_identity_conflict_counts_one(tmp_path):
    altered = _zz().replace("驻村工作队经费".encode(), "驻村工作经费".encode(), 1)
    raw = _run(tmp_path, {"a.txt": _zz(), "b_copy.txt": _zz(), "c_reissue.txt": altered})
    docs = {r["source_file"]: r for r in raw["documents"].to_dicts()}
    assert docs["b_copy.txt"]["status"] == "duplicate_file" and not docs["b_copy.txt"]["is_counted"]
    assert raw["line_items"].filter(pl.col("source_file") == "b_copy.txt").height == 0
    counted = [name for name, d in docs.items() if d["is_counted"]]
    assert counted == ["a.txt"]
    assert docs["c_reissue.txt"]["status"] == "duplicate_identity"
    assert "a.txt" in _errors(raw, "c_reissue.txt", "duplicate_identity")["message"][0]


def test_output_is_deterministic_and_leaves_no_temporary_files(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    outs = []
    for run in ("one", "two"):
        out = tmp_path / run
        assert main([str(src), "--out", str(out), "--quiet"]) == 0
        root = out.resolve()
        outs.append({p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()})
    assert outs[0] == outs[1]
    assert {name.split("/")[0] for name in outs[0] if name.endswith(".parquet")} == set(SCHEMAS)
    assert all(name.endswith((".parquet", ".json")) for name in outs[0])


def test_usage_error_exits_non_zero(tmp_path, capsys):
    assert main([str(tmp_path / "missing"), "--out", str(tmp_path / "raw")]) == 2
    assert "not a directory" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2


def test_a_file_that_cannot_be_read_costs_only_itself(tmp_path):
    from loaders.batch import load_batch

    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "good.txt").write_bytes((SAMPLES / ZEZHOU).read_bytes())
    vanished = inbox / "vanished.txt"  # listed, then gone before it is read
    loads, datasets = load_batch([inbox / "good.txt", vanished], inbox)
    status = {d["source_file"]: d["status"] for d in datasets["documents"]}
    assert status == {"good.txt": "loaded", "vanished.txt": "failed"}
    errors = [e for e in datasets["load_errors"] if e["source_file"] == "vanished.txt"]
    assert [e["error_code"] for e in errors] == ["unreadable_file"]
    assert "vanished.txt" in errors[0]["message"]


def test_a_scanned_page_and_a_broken_pdf_are_reported_by_page_and_file(tmp_path):
    from PIL import Image

    from loaders.batch import load_batch

    inbox = tmp_path / "in"
    inbox.mkdir()
    Image.new("RGB", (200, 100), "white").save(inbox / "scan.pdf")  # one page, an image, no text layer
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    _, datasets = load_batch(sorted(inbox.iterdir()), inbox)
    errors = {(e["source_file"], e["error_code"], e["source_page"]) for e in datasets["load_errors"]}
    assert ("scan.pdf", "page_without_text", 1) in errors
    assert ("broken.pdf", "unreadable_file_format", None) in errors
    status = {d["source_file"]: d["status"] for d in datasets["documents"]}
    assert status == {"broken.pdf": "failed", "scan.pdf": "failed"}


def test_a_workbook_that_is_no_disclosure_and_an_old_word_file_are_reported(tmp_path):
    import openpyxl

    from loaders.batch import load_batch

    inbox = tmp_path / "in"
    inbox.mkdir()
    book = openpyxl.Workbook()
    book.active.append(["审核事项", "结果"])
    book.active.append(["三公经费是否公开", "是"])
    book.save(inbox / "checklist.xlsx")
    (inbox / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "WordDocument".encode("utf-16-le"))
    _, datasets = load_batch(sorted(inbox.iterdir()), inbox)
    errors = {e["source_file"]: (e["error_code"], e["message"]) for e in datasets["load_errors"]}
    assert errors["checklist.xlsx"][0] == "no_tables"
    assert errors["old.doc"][0] == "unreadable_file_format" and "--convert-to docx" in errors["old.doc"][1]
    encodings = {d["source_file"]: (d["status"], d.get("encoding")) for d in datasets["documents"]}
    assert encodings["checklist.xlsx"] == ("failed", "xlsx")


def test_an_amount_beyond_its_decimal_is_reported_and_the_batch_still_writes(tmp_path):
    # A 19-digit cell and a cell with three decimals in a table, a 20-digit figure in the prose.
    text = (SAMPLES / ZEZHOU).read_text(encoding="utf-8").split("\n")
    assert text[165].startswith("208\t") and "5914.08" in text[165]
    text[165] = text[165].replace("5914.08", "1234567890123456789.00").replace("2255.55", "2255.555")
    assert "6276.7万元" in text[443]
    text[443] = text[443].replace("6276.7万元", "12345678901234567890.5万元")
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "too_large.txt").write_text("\n".join(text), encoding="utf-8")
    shutil.copy(SAMPLES / WENSHUI, inbox / WENSHUI)
    assert main([str(inbox), "--out", str(tmp_path / "raw"), "--quiet"]) == 0
    errors = read_raw(tmp_path / "raw", "load_errors").filter(pl.col("source_file") == "too_large.txt")
    reported = {(r["error_code"], r["source_line"], r["cell_text"]) for r in errors.to_dicts()}
    assert ("unparseable_amount", 166, "1234567890123456789.00") in reported
    # Three decimals of 万元 are kept as printed (line items hold 万元 to six decimals).
    items = read_raw(tmp_path / "raw", "line_items").filter(pl.col("source_file") == "too_large.txt")
    kept = items.filter(pl.col("printed_text") == "2255.555").row(0, named=True)
    assert (kept["source_line"], kept["printed_decimals"], str(kept["item_amount"])) == (166, 3, "2255.555000")
    assert ("unparseable_amount", 444, "12345678901234567890.5") in reported
    documents = read_raw(tmp_path / "raw", "documents")
    assert sorted(documents["status"].to_list()) == ["loaded", "loaded"]


def test_a_batch_is_published_as_a_whole_and_a_killed_run_cleaned_up(tmp_path):
    out = tmp_path / "raw"
    assert main([str(SAMPLES), "--out", str(out), "--quiet"]) == 0
    first = out.resolve()
    assert out.is_symlink() and (first / "documents").is_dir()
    # What a run killed before its switch left behind: an unfinished version of a dead process.
    killed = out.parent / "raw.versions" / "20000101T000000-999999999-x.partial"
    killed.mkdir()
    (killed / "documents").mkdir()
    (killed / "documents" / "part-batch.parquet").write_bytes(b"half written")
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(SAMPLES / ZEZHOU, inbox / ZEZHOU)
    assert main([str(inbox), "--out", str(out), "--quiet"]) == 0
    second = out.resolve()
    assert second != first
    # A reader (or a warehouse) given the first version still reads the first batch, whole.
    assert read_raw(first, "documents").height == 2
    assert read_raw(out, "documents").height == 1
    assert not killed.exists()


def test_published_raw_is_readable_by_the_group(tmp_path):
    import os
    import stat

    previous = os.umask(0o022)
    try:
        assert main([str(SAMPLES), "--out", str(tmp_path / "raw"), "--quiet"]) == 0
    finally:
        os.umask(previous)
    version = (tmp_path / "raw").resolve()
    assert stat.S_IMODE(version.stat().st_mode) == 0o755
    entries = list(version.rglob("*"))
    assert {stat.S_IMODE(p.stat().st_mode) for p in entries if p.is_dir()} == {0o755}
    assert {stat.S_IMODE(p.stat().st_mode) for p in entries if p.is_file()} == {0o644}


def test_a_table_printed_twice_in_a_row_is_a_second_occurrence_not_a_continuation(tmp_path):
    lines = (SAMPLES / ZEZHOU).read_text(encoding="utf-8").split("\n")
    start = lines.index("2026年预算支出总表")  # table 3, up to the next title
    end = lines.index("2026年财政拨款收支总表")
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "twice.txt").write_text("\n".join(lines[:end] + lines[start:end] + lines[end:]), encoding="utf-8")
    from loaders.batch import load_batch

    _, datasets = load_batch([inbox / "twice.txt"], inbox)
    tables = [t for t in datasets["tables"] if t["table_kind"] == "expenditure"]
    assert len(tables) == 2 and tables[0]["item_count"] == tables[1]["item_count"] > 0
    assert [e["error_code"] for e in datasets["load_errors"]] == ["repeated_table"]


def test_every_entry_the_loader_does_not_read_is_reported_and_an_empty_directory_is_an_error(tmp_path, capsys):
    import os

    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(SAMPLES / ZEZHOU, inbox / "good.txt")
    (inbox / ".hidden.txt").write_text("x", encoding="utf-8")
    (inbox / ".git").mkdir()
    os.mkfifo(inbox / "pipe")
    (inbox / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "outside.txt").write_bytes((SAMPLES / WENSHUI).read_bytes())
    (inbox / "outside.txt").symlink_to(tmp_path / "outside.txt")
    (inbox / "loop").symlink_to(inbox)  # a link to a directory: never followed, so no loop
    assert main([str(inbox), "--out", str(tmp_path / "raw"), "--quiet"]) == 0
    documents = read_raw(tmp_path / "raw", "documents")
    status = dict(zip(documents["source_file"], documents["status"], strict=True))
    assert status == {
        "good.txt": "loaded",
        ".hidden.txt": "skipped",
        ".git": "skipped",
        "pipe": "skipped",
        "dangling.txt": "skipped",
        "outside.txt": "skipped",
        "loop": "skipped",
    }
    assert "outside.txt: not read: link to outside the input directory" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([str(empty), "--out", str(tmp_path / "raw2"), "--quiet"]) == 2
    assert "no file to load" in capsys.readouterr().err


def _real_pdf() -> bytes:
    return (ROOT / "tests" / "fixtures" / "real" / "sh_putuo_justice_budget_2026.pdf").read_bytes()


def test_a_password_protected_pdf_says_so_and_a_permissions_only_one_loads(tmp_path):
    import io

    from pypdf import PdfReader, PdfWriter

    from loaders.batch import load_batch

    inbox = tmp_path / "in"
    inbox.mkdir()
    for name, user_password in (("locked.pdf", "secret"), ("restricted.pdf", "")):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_real_pdf())))
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
        writer.write(inbox / name)
    (inbox / "good.txt").write_bytes(_zz())
    _, datasets = load_batch(sorted(inbox.iterdir()), inbox)
    status = {d["source_file"]: d["status"] for d in datasets["documents"]}
    assert status == {"good.txt": "loaded", "locked.pdf": "failed", "restricted.pdf": "loaded"}
    [error] = [e for e in datasets["load_errors"] if e["source_file"] == "locked.pdf"]
    assert error["error_code"] == "unreadable_file_format" and "password-protected" in error["message"]
    # Encrypted with an empty user password (printing or copying restricted): read as usual.
    assert sum(1 for i in datasets["line_items"] if i["source_file"] == "restricted.pdf") == 366


def test_what_one_document_may_hold_is_bounded_and_said(tmp_path):
    import zipfile

    import pypdfium2

    from loaders.batch import load_batch
    from loaders.limits import MAX_LINES, MAX_PDF_PAGES, MAX_TABLES, MAX_UNPACKED_BYTES

    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "good.txt").write_bytes(_zz())
    (inbox / "repeated.txt").write_bytes(_zz() * 30)  # one disclosure pasted 30 times: 13 tables each
    (inbox / "long.txt").write_bytes("一行\n".encode() * (MAX_LINES + 1))
    pdf = pypdfium2.PdfDocument.new()
    for _ in range(MAX_PDF_PAGES + 1):
        pdf.new_page(595, 842)
    pdf.save(inbox / "pages.pdf")
    with zipfile.ZipFile(inbox / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/workbook.xml", "<workbook/>")
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(MAX_UNPACKED_BYTES // 2**20 + 1):
                member.write(bytes(2**20))
    assert (inbox / "bomb.xlsx").stat().st_size < 2_000_000
    _, datasets = load_batch(sorted(inbox.iterdir()), inbox)
    status = {d["source_file"]: d["status"] for d in datasets["documents"]}
    assert status == {name: "failed" for name in ("repeated.txt", "long.txt", "pages.pdf", "bomb.xlsx")} | {"good.txt": "loaded"}
    messages = {e["source_file"]: (e["error_code"], e["message"]) for e in datasets["load_errors"] if e["severity"] == "error"}
    assert messages["repeated.txt"][0] == "document_too_large"
    assert f"390 tables, more than the {MAX_TABLES}" in messages["repeated.txt"][1]
    assert messages["long.txt"][0] == "document_too_large" and f"more than the {MAX_LINES}" in messages["long.txt"][1]
    assert f"a PDF of {MAX_PDF_PAGES + 1} pages" in messages["pages.pdf"][1]
    assert "zip bomb" in messages["bomb.xlsx"][1]


def test_a_full_disk_is_said_in_words_and_leaves_the_published_raw(tmp_path, monkeypatch, capsys):
    out = tmp_path / "raw"
    assert main([str(SAMPLES), "--out", str(out), "--quiet"]) == 0
    published = out.resolve()

    def full_disk(*args, **kwargs):
        # What polars raised when this loader wrote onto a full 64 kB tmpfs, word for word.
        raise pl.exceptions.ComputeError(
            "parquet: File out of specification: underlying IO error: No space left on device (os error 28)"
        )

    monkeypatch.setattr(pl.DataFrame, "write_parquet", full_disk)
    assert main([str(SAMPLES), "--out", str(out), "--quiet"]) == 1
    error = capsys.readouterr().err
    assert f"could not be written under {out}: no space left on device" in error
    assert out.resolve() == published
    assert not [p for p in (tmp_path / "raw.versions").iterdir() if p.name.endswith(".partial")]


def test_of_two_files_of_one_identity_the_better_read_counts_whatever_their_names(tmp_path):
    text = _zz().decode("utf-8").split("\n")
    row = next(i for i, line in enumerate(text) if "驻村工作队经费" in line)  # one project row
    shorter = "\n".join(text[:row] + text[row + 1 :]).encode("utf-8")
    relabelled = _zz().replace("驻村工作队经费".encode(), "驻村工作经费".encode(), 1)
    raw = _run(tmp_path, {"a_short.txt": shorter, "b_full.txt": _zz(), "c_relabelled.txt": relabelled})
    docs = {r["source_file"]: r for r in raw["documents"].to_dicts()}
    assert [name for name, d in docs.items() if d["is_counted"]] == ["b_full.txt"]
    assert "b_full.txt counts (more rows)" in _errors(raw, "a_short.txt", "duplicate_identity")["message"][0]
    # Read exactly as well: then, and only then, the file name decides, and the message says so.
    message = _errors(raw, "c_relabelled.txt", "duplicate_identity")["message"][0]
    assert "b_full.txt counts (both read equally well: the first by file name)" in message


def test_a_file_cut_inside_its_last_figure_is_reported_at_that_line(tmp_path):
    text = _zz().decode("utf-8")
    cut = text.index("\t5914.08\t5163.24") + len("\t591")  # the file ends inside 5914.08
    raw = _run(tmp_path, {"cut.txt": text[:cut].encode("utf-8"), "whole_rows.txt": (text[:cut] + "\n").encode("utf-8")})
    [error] = _errors(raw, "cut.txt", "cut_short_line").to_dicts()
    assert error["cell_text"] == "591" and error["severity"] == "warning"
    assert error["source_line"] == text[:cut].count("\n") + 1
    # The same rows ending with a line break: nothing suggests a cut.
    assert _errors(raw, "whole_rows.txt", "cut_short_line").height == 0


def test_the_load_closes_with_a_total_and_a_batch_with_nothing_readable_is_an_error(tmp_path, capsys):
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(SAMPLES / ZEZHOU, inbox / "good.txt")
    shutil.copy(SAMPLES / ZEZHOU, inbox / "copy.txt")
    (inbox / "noise.bin").write_bytes(bytes(range(256)) * 8)
    (inbox / ".hidden.txt").write_text("x", encoding="utf-8")
    assert main([str(inbox), "--out", str(tmp_path / "raw"), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert "4 files: 1 loaded, 1 failed, 1 duplicate_file, 1 skipped; failed: 1 unreadable_encoding" in err
    # Only files that cannot be read: the loader says so and fails, so no empty warehouse is published.
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "noise.bin").write_bytes(bytes(range(256)) * 8)
    assert main([str(bad), "--out", str(tmp_path / "raw2"), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert "1 files: 0 loaded, 1 failed; failed: 1 unreadable_encoding" in err
    assert f"error: no file in {bad} could be read as a disclosure" in err

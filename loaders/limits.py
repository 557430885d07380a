"""What one document may hold. A disclosure prints a few dozen tables on tens of pages; a
file far beyond that is a batch pasted into one file, a corrupt file, or an attack, and
reading it whole would hold the batch for minutes and its memory for gigabytes. Past a
bound the document is reported, with the bound and what to do, and the batch goes on."""

# Pages of one PDF read (a yearly book of all a government's departments runs to a few
# hundred; 506 pages read in about 20 s and 130 MB on the project's machine).
MAX_PDF_PAGES = 1000
# Scanned pages of one PDF read by OCR (seconds a page); the rest are reported page by page.
MAX_OCR_PAGES = 150
# Lines of text of one document, after reading (the 506-page PDF below gives 8,777).
MAX_LINES = 200_000
# Table occurrences in one document (a disclosure prints 9 to 15, with continuations a few
# dozen; the 506-page PDF above holds 198).
MAX_TABLES = 250
# Bytes a workbook or Word file (a zip) may unpack to: a disclosure's workbook unpacks to a
# few megabytes; openpyxl holds a whole workbook in memory, several times its unpacked size.
MAX_UNPACKED_BYTES = 200_000_000

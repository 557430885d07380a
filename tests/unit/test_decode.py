import codecs

import pytest

from loaders.decode import DecodeError, decode_bytes

TEXT = "2026年预算收支总表\r\n合计\t5525.86\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_encodings_are_detected_and_line_endings_normalised(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text == TEXT.replace("\r\n", "\n")


def test_binary_is_refused():
    with pytest.raises(DecodeError):
        decode_bytes(bytes(range(256)) * 4)

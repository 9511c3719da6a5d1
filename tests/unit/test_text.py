import base64
import re

from ocop_kit.text import star_string
from ocop_kit.views.downloads import download_link


def test_star_string_draws_filled_then_empty_stars():
    assert star_string(3) == "★★★☆☆"
    assert star_string(0) == "☆☆☆☆☆"


def test_star_string_clamps_out_of_range():
    assert star_string(7) == "★★★★★"
    assert star_string(-1) == "☆☆☆☆☆"


def test_download_link_carries_the_bytes_and_escapes_names():
    link = download_link(b"a,b\n", 'x"<y>.csv', "text/csv", "<Tải về>")
    href = re.search(r'href="data:text/csv;base64,([^"]+)"', link).group(1)
    assert base64.b64decode(href) == b"a,b\n"
    assert "<y>" not in link and "&lt;Tải về&gt;" in link

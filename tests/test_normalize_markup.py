"""normalize.markup: the linear tokenizer and the balancer that runs before nh3."""

from __future__ import annotations

import time
from collections.abc import Mapping

import pytest

from newsdesk.normalize.markup import END, START, TEXT, attributes, balance, tokens

TAGS = frozenset({"p", "div", "b", "i", "a", "ul", "li", "table", "tr", "td", "img", "br"})


def _keep_all(name: str, attrs: Mapping[str, str]) -> bool:
    return True


def _balance(html: str, max_depth: int = 512) -> str:
    return balance(
        html,
        tags=TAGS,
        renames={"section": "div"},
        allowed_attributes={"a": frozenset({"href", "title"}), "*": frozenset({"lang"})},
        keep=_keep_all,
        max_depth=max_depth,
    )


def test_tokens_basic() -> None:
    assert list(tokens('a<P Class="x">b</p >c<BR/>')) == [
        (TEXT, "a", ""),
        (START, "p", ' Class="x"'),
        (TEXT, "b", ""),
        (END, "p", ""),
        (TEXT, "c", ""),
        (START, "br", "/"),
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a title="x>y" href=z>t</a>', [(START, "a", ' title="x>y" href=z'), (TEXT, "t", ""), (END, "a", "")]),
        ("x<a href", [(TEXT, "x", "")]),  # a tag cut by the end of input drops the rest
        ('x<a title="unterminated>y', [(TEXT, "x", "")]),
        ("<!-- c --><!--><!--->t", [(TEXT, "t", "")]),
        ("<!doctype html><?xml x?></ 3>t", [(TEXT, "t", "")]),
        ("5 < 6 <3 <", [(TEXT, "5 < 6 <3 <", "")]),
        ("<script>a</p>b</SCRIPT >t", [(TEXT, "t", "")]),
        ("<style>a</stylex></style>t", [(TEXT, "t", "")]),
        ("<svg><p>a</p></svg>t", [(TEXT, "t", "")]),
        ("<textarea><b>x</textarea>t", [(TEXT, "t", "")]),
        ("<script>never closed", []),
        ("a<plaintext><b>x</b>", [(TEXT, "a", "")]),
    ],
)
def test_tokens_edge_cases(html: str, expected: list[tuple[int, str, str]]) -> None:
    assert list(tokens(html)) == expected


def test_attributes_first_wins_quotes_and_bare_names() -> None:
    assert list(attributes(' a=1 B="two words" c=\'3\' d e = "5" =f')) == [
        ("a", "1"),
        ("b", "two words"),
        ("c", "3"),
        ("d", ""),
        ("e", "5"),
        ("=f", ""),
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a<b>b</p>c", "<p>a<b>b</b></p>c"),  # closed explicitly, in order
        ("<p>a<div>b</div>", "<p>a</p><div>b</div>"),  # a block closes the paragraph
        ("<ul><li>1<li>2</ul>", "<ul><li>1</li><li>2</li></ul>"),
        ("<table><tr><td>1<td>2<tr><td>3</table>", "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>"),
        ("<a href=x>1<a href=y>2</a>", '<a href="x">1</a><a href="y">2</a>'),
        ("</div></p>stray", "stray"),
        ("<section>s</section>", "<div>s</div>"),
        ("<font color=red>f</font>", "f"),
        ("<div><table><td></div>x</table>", "<div><table><td>x</td></table></div>"),
        ("<a title='say \"hi\"' onclick=x lang=fa>t</a>", '<a title="say &quot;hi&quot;" lang="fa">t</a>'),
        ("<<x>script>", "&lt;script>"),
        ("a < b", "a < b"),
    ],
)
def test_balance(html: str, expected: str) -> None:
    assert _balance(html) == expected


def test_balance_flattens_beyond_max_depth() -> None:
    out = _balance("<div>" * 10 + "x" + "</div>" * 10, max_depth=3)
    assert out == "<div><div><div>x</div></div></div>"


def test_balance_refused_by_keep() -> None:
    out = balance(
        '<p>a<img src="t.gif">b</p>',
        tags=TAGS,
        renames={},
        allowed_attributes={"img": frozenset({"src"})},
        keep=lambda name, attrs: name != "img",
        max_depth=10,
    )
    assert out == "<p>ab</p>"


def test_long_text_with_ampersands_is_split_for_the_parser() -> None:
    out = _balance("&amp; " * 10_000)
    assert out.count("<wbr>") >= 10
    assert out.replace("<wbr>", "") == "&amp; " * 10_000


ADVERSARIAL = [
    ("unclosed tag starts", "<a" * 500_000),
    ("unterminated quotes", '<a x="' * 200_000),
    ("unclosed comments", "<!--" * 400_000),
    ("unclosed scripts", "<script>" * 200_000),
    ("bogus comments", "<!x" * 500_000),
    ("stray lt", "<" * 1_500_000),
    ("many small tags", "<b>x</b>" * 100_000),
]


@pytest.mark.parametrize("html", [a[1] for a in ADVERSARIAL], ids=[a[0] for a in ADVERSARIAL])
def test_tokenizer_is_linear_on_adversarial_input(html: str) -> None:
    started = time.monotonic()
    _balance(html)
    assert time.monotonic() - started < 10.0  # a bound, not a speed test: quadratic takes minutes

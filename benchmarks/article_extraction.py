"""Article body extraction on the article-extraction benchmark (AEB): newsdesk vs trafilatura.

    .venv/bin/python benchmarks/article_extraction.py [--split] [--rounds N] [--verbose]

Data: ../shared/data/article-extraction-benchmark/ (181 gzipped pages + ground-truth.json;
skipped with a message when absent). In one process, page by page in sorted-id order,
`trafilatura.extract(html, include_comments=False)` (the README's reference settings,
plain text) and `newsdesk.extract.content.extract_content(html)` both get the page's
HTML string; only the extractor call is timed (parsing included for both).

The scorer follows the README's "Scoring rule" exactly: tokens are maximal runs of Python
`\\w`, 4-shingles counted as a multiset (1-3 tokens: one short shingle), per-page counts
normalised to sum 1, corpus precision / recall are the means over the pages where each is
defined, F1 is computed from those two means, accuracy is exact token-sequence equality,
and "±" is the sample standard deviation over 1,000 bootstrap draws (fixed seed).
It reproduces the README's reference row for trafilatura 2.3.1 (0.960 / 0.942 / 0.978 /
0.293).

--split: the chooser was developed looking only at the even-indexed pages (sorted ids);
the odd-indexed half is reported as held-out, next to the total.
--verbose: the pages where newsdesk's page F1 falls furthest below trafilatura's.
Goal (issue): F1 >= 0.970 on all pages; pages/s >= 0.9x trafilatura alone in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from newsdesk.extract.content import extract_content

ROOT = Path(__file__).resolve().parents[1]

_WORD = re.compile(r"\w+")
SHINGLE = 4
BOOTSTRAP_DRAWS = 1000
BOOTSTRAP_SEED = 20191101


def tokens(text: str) -> list[str]:
    """Maximal runs of word characters; no case folding, no normalisation (README step 1)."""
    return _WORD.findall(text)


def shingles(toks: Sequence[str]) -> Counter[tuple[str, ...]]:
    """4-token shingles as a multiset; 1-3 tokens make one short shingle (README step 2)."""
    if not toks:
        return Counter()
    if len(toks) < SHINGLE:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1))


@dataclass(frozen=True)
class PageScore:
    """One page's normalised counts, precision, recall and exact-match flag."""

    tp: float
    fp: float
    fn: float
    precision: float
    recall: float
    exact: bool

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_page(truth: str, predicted: str) -> PageScore:
    """README steps 3-4 and the exact-match test of step 7."""
    true_toks, pred_toks = tokens(truth), tokens(predicted)
    true_sh, pred_sh = shingles(true_toks), shingles(pred_toks)
    tp = fp = fn = 0
    for key in true_sh.keys() | pred_sh.keys():
        t, p = true_sh.get(key, 0), pred_sh.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    ntp, nfp, nfn = (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)
    if fp == fn == 0:
        precision = recall = 1.0
    else:
        precision = 0.0 if tp == fp == 0 else ntp / (ntp + nfp)
        recall = 0.0 if tp == fn == 0 else ntp / (ntp + nfn)
    return PageScore(ntp, nfp, nfn, precision, recall, true_toks == pred_toks)


@dataclass(frozen=True)
class Metrics:
    f1: float
    precision: float
    recall: float
    accuracy: float


def corpus_metrics(pages: Sequence[PageScore]) -> Metrics:
    """README steps 5-7: means over the pages where precision / recall are defined."""
    precs = [p.precision for p in pages if p.tp + p.fp > 0]
    recs = [p.recall for p in pages if p.tp + p.fn > 0]
    precision = statistics.fmean(precs) if precs else 0.0
    recall = statistics.fmean(recs) if recs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(p.exact for p in pages) / len(pages) if pages else 0.0
    return Metrics(f1, precision, recall, accuracy)


def bootstrap(pages: Sequence[PageScore], seed: int = BOOTSTRAP_SEED) -> Metrics:
    """README step 8: sample standard deviation of each metric over resampled page sets."""
    rng = random.Random(seed)
    draws = [
        corpus_metrics([pages[rng.randrange(len(pages))] for _ in pages])
        for _ in range(BOOTSTRAP_DRAWS)
    ]
    return Metrics(
        statistics.stdev(d.f1 for d in draws),
        statistics.stdev(d.precision for d in draws),
        statistics.stdev(d.recall for d in draws),
        statistics.stdev(d.accuracy for d in draws),
    )


# ---------------------------------------------------------------------------------------
# The run: trafilatura alone against newsdesk, one process, pages in sorted id order.


@dataclass
class Run:
    """One extractor's per-page scores, seconds spent in the extractor call, and methods."""

    name: str
    scores: dict[str, PageScore] = field(default_factory=dict)
    seconds: float = 0.0
    methods: Counter[str] = field(default_factory=Counter)


def load_pages(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(id → HTML, id → true article body) as the README describes the files."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for page_id in sorted(truth):
        with gzip.open(folder / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as f:
            pages[page_id] = f.read()
    return pages, {k: v["articleBody"] for k, v in truth.items()}


def run_trafilatura(html: str) -> tuple[str, str]:
    """The README's reference: `trafilatura.extract(html, include_comments=False)`."""
    return trafilatura.extract(html, include_comments=False) or "", "trafilatura"


def run_newsdesk(html: str) -> tuple[str, str]:
    content = extract_content(html)
    return (content.text, content.method) if content is not None else ("", "none")


def measure(
    pages: dict[str, str], truth: dict[str, str], rounds: int
) -> tuple[Run, Run]:
    """Both extractors on every page, alternating per page so drift hits both alike;
    with `rounds` > 1 each page is timed that many times and the fastest time kept."""
    runs = (Run("trafilatura"), Run("newsdesk"))
    for extractor in (run_trafilatura, run_newsdesk):  # warm-up: imports, caches
        extractor(next(iter(pages.values())))
    for page_id, html in pages.items():
        for run, extractor in zip(runs, (run_trafilatura, run_newsdesk), strict=True):
            best = float("inf")
            for _ in range(rounds):
                start = time.perf_counter()
                text, method = extractor(html)
                best = min(best, time.perf_counter() - start)
            run.seconds += best
            run.methods[method] += 1
            run.scores[page_id] = score_page(truth[page_id], text)
    return runs


def report(label: str, ids: Sequence[str], runs: Sequence[Run]) -> None:
    print(f"\n{label} ({len(ids)} pages)")
    print(f"  {'extractor':<12} {'F1':>15} {'precision':>15} {'recall':>15} {'accuracy':>15}")
    for run in runs:
        pages = [run.scores[i] for i in ids]
        m, sd = corpus_metrics(pages), bootstrap(pages)
        cells = [
            f"{getattr(m, k):.3f} ± {getattr(sd, k):.3f}"
            for k in ("f1", "precision", "recall", "accuracy")
        ]
        print(f"  {run.name:<12} " + " ".join(f"{c:>15}" for c in cells) + f"   (F1 {m.f1:.4f})")


def report_speed(runs: Sequence[Run], count: int) -> None:
    base, ours = runs
    base_rate, our_rate = count / base.seconds, count / ours.seconds
    print(f"\nspeed (extractor call only, {count} pages)")
    print(f"  trafilatura {base_rate:6.1f} pages/s")
    print(f"  newsdesk    {our_rate:6.1f} pages/s   ratio {our_rate / base_rate:.2f}")
    print("  newsdesk methods: " + ", ".join(f"{k} {v}" for k, v in ours.methods.most_common()))


def report_losses(ids: Sequence[str], runs: Sequence[Run], limit: int) -> None:
    base, ours = runs
    deltas = sorted((ours.scores[i].f1 - base.scores[i].f1, i) for i in ids)
    print(f"\npages where newsdesk loses most to trafilatura (page F1), at most {limit}:")
    for delta, page_id in deltas[:limit]:
        if delta >= 0:
            break
        b, o = base.scores[page_id], ours.scores[page_id]
        print(
            f"  {page_id[:12]}  {delta:+.3f}  trafilatura P {b.precision:.2f} R {b.recall:.2f}"
            f"  newsdesk P {o.precision:.2f} R {o.recall:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--split", action="store_true",
                        help="also report even-indexed (development) and odd-indexed "
                        "(held-out) pages of the sorted ids separately")
    parser.add_argument("--rounds", type=int, default=1,
                        help="time each call this many times, keep the fastest")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    folder = args.shared / "data" / "article-extraction-benchmark"
    if not (folder / "ground-truth.json").is_file():
        print(f"AEB: {folder} absent, skipped")
        return
    pages, truth = load_pages(folder)
    runs = measure(pages, truth, args.rounds)
    ids = sorted(pages)
    if args.split:
        report("development: even-indexed ids", ids[0::2], runs)
        report("held-out: odd-indexed ids", ids[1::2], runs)
    report("all", ids, runs)
    report_speed(runs, len(ids))
    if args.verbose:
        report_losses(ids, runs, 15)


if __name__ == "__main__":
    main()

"""Geoparsing quality and throughput of `geomap extract` on the fixture corpus.

Reports, for geomap and for a naive baseline in the same run (every gazetteer match
in the text taken as an event at its most populous candidate):

- precision, recall and F1 of event locations (which places an article reports
  events at), and of event (place, event_type) pairs; date accuracy;
- recognition precision/recall/F1 of all place mentions (exact character spans);
- accuracy of the resolved coordinates within 1, 10 and 25 km, and the median error;
- throughput: articles of ~800 words per second on one core (target >= 100/s).

Run:  python bench/geoparse.py [--corpus tests/corpus] [--articles 200]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

import yaml
from pyproj import Geod

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.extract.article import read_article  # noqa: E402
from geomap.extract.lexicon import default_lexicon  # noqa: E402
from geomap.extract.pipeline import extract_article  # noqa: E402
from geomap.extract.text import split_sentences, tokenize  # noqa: E402

GEOD = Geod(ellps="WGS84")


def load_corpus(corpus: Path):
    labels = yaml.safe_load((corpus / "labels.yaml").read_text(encoding="utf-8"))
    places = {k: tuple(v) for k, v in labels["places"].items()}
    items = []
    for name, gold in labels["articles"].items():
        article = read_article(corpus / "articles" / name)
        spans = gold_spans(article.text, gold["mentions"], name)
        mentions = [
            {**m, "start": s, "end": e, "key": m.get("place", m["text"])}
            for m, (s, e) in zip(gold["mentions"], spans, strict=True)
        ]
        items.append((name, article, mentions, gold["events"]))
    return places, items


def label_problems(places, items) -> list[str]:
    """Labels that do not fit their corpus: unknown places, spans off the text, non-fixtures."""
    problems = []
    for name, article, mentions, events in items:
        if not article.title.startswith("Fixture"):
            problems.append(f"{name}: title does not mark the article as a fixture")
        for m in mentions:
            if m["key"] not in places:
                problems.append(f"{name}: mention {m['key']!r} has no labelled place")
            if article.text[m["start"] : m["end"]] != m["text"]:
                problems.append(f"{name}: mention {m['text']!r} is not at its offsets")
        problems += [
            f"{name}: event place {e['place']!r} unknown"
            for e in events
            if e["place"] not in places
        ]
    return problems


def gold_spans(text: str, mentions: list[dict], name: str) -> list[tuple[int, int]]:
    """Offsets of each labelled mention: the next occurrence of its text, in order."""
    spans = []
    position = 0
    for m in mentions:
        pattern = re.compile(rf"(?<![\w-]){re.escape(m['text'])}(?![\w-])")
        found = pattern.search(text, position)
        if found is None:
            raise SystemExit(f"{name}: labelled mention {m['text']!r} not found after {position}")
        spans.append(found.span())
        position = found.end()
    return spans


def km(lat1, lon1, lat2, lon2) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


def naive(article):
    """The idiom without rules: every gazetteer match is an event at its top candidate."""
    from geomap.gazetteer.normalize import compact_key

    lexicon = default_lexicon()
    text = article.text
    mentions, incidents = [], []
    for sentence in split_sentences(text):
        tokens = tokenize(sentence.text, offset=sentence.start)
        i = 0
        while i < len(tokens):
            if not tokens[i].capitalised:
                i += 1
                continue
            for length in range(min(5, len(tokens) - i), 0, -1):
                span = text[tokens[i].start : tokens[i + length - 1].end]
                candidates = lexicon.lookup(compact_key(span))
                if candidates:
                    p = candidates[0]
                    mentions.append(
                        {
                            "start": tokens[i].start,
                            "end": tokens[i + length - 1].end,
                            "lat": p.lat,
                            "lon": p.lon,
                        }
                    )
                    incidents.append((len(mentions) - 1, p, "other", None))
                    i += length
                    break
            else:
                i += 1
    return mentions, incidents


def geomap_run(article):
    x = extract_article(article)
    mentions = [
        {"start": m["start"], "end": m["end"], "lat": m["lat"], "lon": m["lon"]} for m in x.mentions
    ]
    incidents = []
    for record, indexes in zip(x.incidents, x.incident_mentions, strict=True):
        for k in indexes:
            incidents.append((k, record, record["event_type"], record["date"]))
    return mentions, incidents


def evaluate(runner, places, items, *, verbose=False):
    rec_tp = rec_fp = rec_fn = 0
    loc_pred, loc_gold, pair_pred, pair_gold = set(), set(), set(), set()
    errors_event, errors_all = [], []
    dates_ok = dates_n = 0
    for name, article, gold_mentions, gold_events in items:
        by_span = {(m["start"], m["end"]): m for m in gold_mentions}
        mentions, incidents = runner(article)
        pred_spans = {(m["start"], m["end"]) for m in mentions}
        rec_tp += len(pred_spans & by_span.keys())
        rec_fp += len(pred_spans - by_span.keys())
        rec_fn += len(by_span.keys() - pred_spans)
        for m in mentions:
            g = by_span.get((m["start"], m["end"]))
            if g is not None and m["lat"] is not None:
                lat, lon, _ = places[g["key"]]
                errors_all.append(km(lat, lon, m["lat"], m["lon"]))
        for e in gold_events:
            loc_gold.add((name, e["place"]))
            pair_gold.add((name, e["place"], e["event_type"]))
        gold_dates = {
            (e["place"], e["event_type"]): str(e["date"]) if e["date"] else None
            for e in gold_events
        }
        seen = set()
        for k, _record, event_type, date in incidents:
            m = mentions[k]
            g = by_span.get((m["start"], m["end"]))
            key = g["key"] if g is not None else f"?{m['start']}"
            loc_pred.add((name, key))
            pair_pred.add((name, key, event_type))
            if verbose and (name, key) not in loc_gold:
                print(f"    FP {name}: {article.text[m['start'] : m['end']]!r} {event_type}")
            if (name, key) in loc_gold and (name, key) not in seen:
                seen.add((name, key))
                lat, lon, _ = places[key]
                errors_event.append(km(lat, lon, m["lat"], m["lon"]))
                if verbose and errors_event[-1] > 25:
                    print(f"    far {name}: {key} {errors_event[-1]:.0f} km")
            if (key, event_type) in gold_dates:
                dates_n += 1
                dates_ok += gold_dates[(key, event_type)] == date
        if verbose:
            found = {k for (n, k) in loc_pred if n == name}
            for e in gold_events:
                if e["place"] not in found:
                    print(f"    FN {name}: {e['place']} {e['event_type']}")
            for span in by_span.keys() - pred_spans:
                print(f"    missed mention {name}: {article.text[span[0] : span[1]]!r}")
            for span in pred_spans - by_span.keys():
                print(f"    extra mention {name}: {article.text[span[0] : span[1]]!r}")
    return {
        "recognition": prf(rec_tp, rec_fp, rec_fn),
        "event_locations": prf(
            len(loc_pred & loc_gold), len(loc_pred - loc_gold), len(loc_gold - loc_pred)
        ),
        "event_pairs": prf(
            len(pair_pred & pair_gold), len(pair_pred - pair_gold), len(pair_gold - pair_pred)
        ),
        "acc_event": accuracy(errors_event),
        "acc_all": accuracy(errors_all),
        "date_accuracy": dates_ok / dates_n if dates_n else float("nan"),
        "dates_compared": dates_n,
    }


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def accuracy(errors):
    if not errors:
        return {"n": 0}
    n = len(errors)
    return {
        "n": n,
        "acc@1km": sum(e <= 1 for e in errors) / n,
        "acc@10km": sum(e <= 10 for e in errors) / n,
        "acc@25km": sum(e <= 25 for e in errors) / n,
        "median_km": statistics.median(errors),
    }


def long_articles(items, count: int, words: int = 800, seed: int = 7):
    """Articles of about ``words`` words, made by shuffling the corpus's paragraphs."""
    paragraphs = [p for _, a, _, _ in items for p in a.text.split("\n\n") if len(p.split()) > 8]
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        rng.shuffle(paragraphs)
        chosen, n = [], 0
        for p in paragraphs:
            chosen.append(p)
            n += len(p.split())
            if n >= words:
                break
        out.append("\n\n".join(chosen))
    return out


def throughput(texts, runner):
    """Articles per second of CPU time on this one thread (other load on the machine
    does not count against it), and per second of wall-clock time."""
    cpu, wall = time.process_time(), time.perf_counter()
    for text in texts:
        runner(text)
    return len(texts) / (time.process_time() - cpu), len(texts) / (time.perf_counter() - wall)


def show(label, result):
    r, e, pr = result["recognition"], result["event_locations"], result["event_pairs"]
    print(f"  {label}")
    print(
        f"    event locations  P {e['precision']:.3f}  R {e['recall']:.3f}  F1 {e['f1']:.3f}"
        f"  (tp {e['tp']}, fp {e['fp']}, fn {e['fn']})"
    )
    print(f"    event+type pairs P {pr['precision']:.3f}  R {pr['recall']:.3f}  F1 {pr['f1']:.3f}")
    print(
        f"    recognition      P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}"
        f"  (tp {r['tp']}, fp {r['fp']}, fn {r['fn']})"
    )
    for name in ("acc_event", "acc_all"):
        a = result[name]
        if a["n"]:
            print(
                f"    {name:16s} Acc@1 {a['acc@1km']:.3f}  Acc@10 {a['acc@10km']:.3f}  "
                f"Acc@25 {a['acc@25km']:.3f}  median {a['median_km']:.1f} km  (n {a['n']})"
            )
    if result["dates_compared"]:
        print(f"    dates correct    {result['date_accuracy']:.3f} of {result['dates_compared']}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "corpus")
    parser.add_argument("--articles", type=int, default=200, help="~800-word articles to time")
    parser.add_argument("--verbose", action="store_true", help="list every error")
    args = parser.parse_args(argv)
    places, items = load_corpus(args.corpus)
    print(
        f"corpus: {len(items)} fixture articles, "
        f"{sum(len(m) for _, _, m, _ in items)} labelled mentions, "
        f"{sum(len(e) for _, _, _, e in items)} labelled events"
    )
    ours = evaluate(geomap_run, places, items, verbose=args.verbose)
    base = evaluate(naive, places, items)
    show("geomap extract", ours)
    show("naive baseline (every gazetteer match is an event)", base)
    for metric in ("event_locations", "recognition"):
        b = base[metric]["f1"]
        ratio = ours[metric]["f1"] / b if b else float("inf")
        print(f"  ratio geomap/baseline {metric} F1: {ratio:.2f}x")
    texts = long_articles(items, args.articles)
    words = statistics.mean(len(t.split()) for t in texts)
    cold, _ = throughput(texts[: max(1, len(texts) // 4)], lambda t: extract_article(t))
    warm, warm_wall = throughput(texts, lambda t: extract_article(t))
    base_rate, _ = throughput(texts, lambda t: naive(read_like(t)))
    print(
        f"throughput (~{words:.0f} words/article, one core, CPU time): geomap {warm:.0f} "
        f"articles/s (first pass {cold:.0f}/s; wall clock {warm_wall:.0f}/s), naive baseline "
        f"{base_rate:.0f}/s, ratio {warm / base_rate:.2f}x; target >= 100/s"
    )
    e = ours["event_locations"]["f1"]
    acc = ours["acc_event"].get("acc@25km", 0.0)
    print(
        f"targets: event-location F1 {e:.3f} (>= 0.9: {'met' if e >= 0.9 else 'NOT met'}), "
        f"Acc@25km {acc:.3f} (>= 0.9: {'met' if acc >= 0.9 else 'NOT met'}), "
        f"throughput {'met' if warm >= 100 else 'NOT met'}"
    )
    return 0


def read_like(text):
    from geomap.extract.article import parse_article

    return parse_article(text)


if __name__ == "__main__":
    raise SystemExit(main())

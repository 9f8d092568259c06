"""Stream a synthetic corpus of news-like diplomatic articles as JSON Lines.

    python benchmarks/gen_corpus.py [-n 1000000] [--seed 7] [-o corpus.jsonl.gz]

Articles are built from templates and word lists of our own (fictional people, real
country names), so they exercise every stage of extraction: meetings, visits, calls,
signings, statements, planned events, relative and absolute dates, plus the economic
filler that makes up most wire copy. Output is deterministic for a given seed and is
written as it is generated (no corpus is held in memory): to standard output, a
``.jsonl`` file, or a gzip-compressed ``.jsonl.gz`` file.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import random
import sys
from typing import Iterator, TextIO

COUNTRIES = [
    ("France", "French", "Paris"), ("Germany", "German", "Berlin"), ("Japan", "Japanese", "Tokyo"),
    ("Brazil", "Brazilian", "Brasilia"), ("India", "Indian", "New Delhi"), ("Kenya", "Kenyan", "Nairobi"),
    ("Canada", "Canadian", "Ottawa"), ("Mexico", "Mexican", "Mexico City"), ("Egypt", "Egyptian", "Cairo"),
    ("Turkey", "Turkish", "Ankara"), ("Indonesia", "Indonesian", "Jakarta"), ("Poland", "Polish", "Warsaw"),
    ("Argentina", "Argentine", "Buenos Aires"), ("Nigeria", "Nigerian", "Abuja"), ("Vietnam", "Vietnamese", "Hanoi"),
    ("Sweden", "Swedish", "Stockholm"), ("Chile", "Chilean", "Santiago"), ("Morocco", "Moroccan", "Rabat"),
    ("Australia", "Australian", "Canberra"), ("South Korea", "South Korean", "Seoul"), ("Italy", "Italian", "Rome"),
    ("Spain", "Spanish", "Madrid"), ("Ghana", "Ghanaian", "Accra"), ("Peru", "Peruvian", "Lima"),
]
TITLES = ["President", "Prime Minister", "Foreign Minister", "Defence Minister", "Trade Minister",
          "Finance Minister", "Chancellor", "Vice President"]
ORGS = ["the United Nations", "NATO", "the European Union", "the African Union", "ASEAN", "the World Bank"]
FIRST = ["Ada", "Bram", "Cyra", "Doran", "Elin", "Farid", "Greta", "Hollis", "Ines", "Jarek", "Kaia", "Lorcan",
         "Mirela", "Nuno", "Odile", "Piet", "Quilla", "Rasmus", "Sabine", "Tomas", "Ulla", "Viggo", "Wren", "Yara"]
LAST = ["Abernath", "Brevik", "Castellan", "Dunmore", "Esterhal", "Fairbank", "Galloran", "Holmquist", "Ivers",
        "Jansky", "Kestrel", "Lindqvist", "Marrow", "Norcott", "Okonkwe", "Pellham", "Quenby", "Rostova",
        "Stahlberg", "Tamsin", "Underhay", "Valcourt", "Whitcombe", "Zeller"]
DOCUMENTS = ["a free trade agreement", "a memorandum of understanding on energy cooperation",
             "a defence cooperation pact", "an agreement on visa facilitation", "a maritime boundary treaty",
             "a protocol on customs cooperation", "a joint declaration on climate", "an extradition treaty"]
TOPICS = ["trade", "security", "energy supplies", "climate finance", "migration", "the regional conflict",
          "investment", "fisheries", "debt relief", "nuclear safety"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FILLER = [
    "Shares in {country} closed {pct} percent higher on {weekday}, led by banks and exporters.",
    "The central bank of {country} kept its benchmark rate unchanged at {rate} percent.",
    "Analysts said inflation in {country} was likely to ease in the coming months.",
    "Exports rose {pct} percent in the quarter, the statistics office of {country} said.",
    "The {demonym} currency weakened against the dollar in thin trading.",
    "Oil prices fell as traders weighed demand forecasts and rising inventories.",
    "Officials gave no further details.",
    "The talks were described as constructive by people familiar with them.",
    "Heavy rain disrupted transport in {capital} for a second day.",
    "Parliament is expected to vote on the budget next month.",
]
EVENTS = [
    "{t1} {p1} of {c1} met {t2} {p2} of {c2} in {place} on {when} to discuss {topic}.",
    "{t1} {p1} held talks with {demonym2} {t2} {p2} in {place} {when}.",
    "{demonym1} {t1} {p1} arrived in {capital2} {when} for a two-day visit, the first since {year}.",
    "{p1}, the {demonym1} {tl1}, spoke by telephone with {t2} {p2} of {c2} {when} about {topic}.",
    "{c1} and {c2} signed {document} in {place} on {when}.",
    "{t1} {p1} and {t2} {p2} signed {document} during a ceremony in {capital2}.",
    "\"We will not accept any interference in our internal affairs,\" {demonym1} {t1} {p1} said {when}.",
    "{t1} {p1} of {c1} said {when} that {c1} welcomed the decision by {c2} on {topic}.",
    "{c1} condemned the attack, the foreign ministry in {capital1} said in a statement {when}.",
    "{t1} {p1} is expected to meet {t2} {p2} of {c2} in {place} next week.",
    "{t1} {p1} will travel to {capital2} on {month} {day} for talks on {topic}.",
    "Officials from {c1} met representatives of {org} in {place} {when} to discuss {topic}.",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _when(rng: random.Random, published: dt.date) -> str:
    choice = rng.random()
    if choice < 0.45:
        return rng.choice(WEEKDAYS)
    if choice < 0.7:
        day = published - dt.timedelta(days=rng.randint(1, 20))
        return f"{day:%B} {day.day}"
    if choice < 0.85:
        return rng.choice(["yesterday", "last week", "earlier this month", "this morning"])
    day = published - dt.timedelta(days=rng.randint(1, 60))
    return f"{day.day} {day:%B} {day.year}"


def _sentence(rng: random.Random, template: str, published: dt.date) -> str:
    (c1, d1, cap1), (c2, d2, cap2) = rng.sample(COUNTRIES, 2)
    t1, t2 = rng.choice(TITLES), rng.choice(TITLES)
    future = published + dt.timedelta(days=rng.randint(3, 40))
    return template.format(
        t1=t1, t2=t2, tl1=t1.lower(), p1=_person(rng), p2=_person(rng), c1=c1, c2=c2, demonym1=d1, demonym2=d2,
        capital1=cap1, capital2=cap2, place=rng.choice([cap1, cap2]), when=_when(rng, published),
        topic=rng.choice(TOPICS), document=rng.choice(DOCUMENTS), org=rng.choice(ORGS), year=rng.randint(1995, 2022),
        month=f"{future:%B}", day=future.day, country=c1, demonym=d1, capital=cap1, weekday=rng.choice(WEEKDAYS),
        pct=f"{rng.uniform(0.1, 4.9):.1f}", rate=f"{rng.uniform(0.5, 9.5):.2f}",
    )


def generate(n: int, seed: int = 7, start: dt.date = dt.date(2015, 1, 1)) -> Iterator[dict[str, str]]:
    """Yield ``n`` article records (``id``, ``title``, ``published``, ``source``, ``text``).

    About a third of the sentences describe a diplomatic event; the rest is filler.
    Articles have 4 to 16 sentences (about 1 kB of text on average), like wire copy.
    """
    rng = random.Random(seed)
    for i in range(n):
        published = start + dt.timedelta(days=rng.randint(0, 3650))
        sentences = []
        for _ in range(rng.randint(4, 16)):
            pool = EVENTS if rng.random() < 0.33 else FILLER
            sentences.append(_sentence(rng, rng.choice(pool), published))
        (capital,) = [cap for _, _, cap in rng.sample(COUNTRIES, 1)]
        text = f"{capital.upper()}, {published:%B} {published.day} - " + " ".join(sentences)
        yield {
            "id": f"synthetic-{seed}-{i:08d}",
            "title": sentences[0][:80],
            "published": published.isoformat(),
            "source": "dipevents synthetic corpus",
            "text": text,
        }


def write(n: int, seed: int, out: TextIO) -> int:
    """Write ``n`` generated articles to ``out`` as JSON Lines; returns the bytes written."""
    written = 0
    for record in generate(n, seed):
        line = json.dumps(record, ensure_ascii=False) + "\n"
        out.write(line)
        written += len(line.encode("utf-8"))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--articles", type=int, default=1_000_000, help="number of articles (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", default="-", help="file (.jsonl or .jsonl.gz) or - for standard output")
    args = parser.parse_args(argv)
    if args.output == "-":
        try:
            write(args.articles, args.seed, sys.stdout)
        except BrokenPipeError:  # e.g. piped into head: the reader has all it wanted
            sys.stderr.close()
    elif args.output.endswith(".gz"):
        # compresslevel 1: the generator, not gzip, should set the pace.
        with gzip.open(args.output, "wt", encoding="utf-8", compresslevel=1) as fh:
            write(args.articles, args.seed, fh)
    else:
        with open(args.output, "w", encoding="utf-8") as fh:
            write(args.articles, args.seed, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())

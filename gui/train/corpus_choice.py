"""CorpusChoice: which text the next run learns, the tiny world or a file of the person's own.

Opening a file reads it with the engine's refusals (empty, binary, not UTF-8, too short, too
large: `explainer.train.data.read_text_corpus`) and trains a byte-pair tokenizer for it with
Hugging Face `tokenizers` (`Tokenizer.train`, the same call, vocabulary size and text the
run itself uses, so the pieces shown are the ones the model will read). Both happen on a
superqt worker thread: a large file takes seconds, and the window keeps answering.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore

VOCAB_SIZE = 2048  # what explainer.train.recipes trains for a text of one's own
PIECES = 48  # the first tokens of the text, shown as pieces


@dataclass(frozen=True)
class CorpusInfo:
    path: str
    characters: int
    documents: int
    tokenizer: object  # explainer.tokenizer.Tokenizer
    pieces: list[str]  # how the tokenizer cuts the start of the text
    train_tokens: int
    val_tokens: int
    seconds: float

    @property
    def name(self) -> str:
        return Path(self.path).name


def read_corpus(path: str) -> CorpusInfo:
    """Read, refuse or accept, train the tokenizer, count tokens: what the worker thread runs."""
    from explainer.tokenizer import Tokenizer
    from explainer.train.data import encode_documents, read_text_corpus
    t0 = time.perf_counter()
    docs = read_text_corpus(path)
    tokenizer = Tokenizer.train(docs, vocab_size=VOCAB_SIZE)
    ids = encode_documents(tokenizer, docs)
    val = max(len(ids) - int(len(ids) * 0.95), min(300, len(ids)))  # as TokenData.from_file holds out
    pieces = tokenizer.displays(tokenizer.encode(docs[0][:400]))[:PIECES]
    return CorpusInfo(str(path), sum(len(d) for d in docs), len(docs), tokenizer, pieces, len(ids) - val, val,
                      time.perf_counter() - t0)


class CorpusChoice(QtCore.QObject):
    changed = QtCore.Signal()  # the choice changed (or a file finished loading)
    refused = QtCore.Signal(str)  # a file that cannot be learned, and why
    busyChanged = QtCore.Signal(bool)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.file: CorpusInfo | None = None  # None: the tiny world
        self.loading: str | None = None  # a file being read
        self._worker = None

    @property
    def world(self) -> bool:
        return self.file is None

    def use_world(self) -> None:
        self.file = None
        self.changed.emit()

    def open(self, path: str) -> None:
        """Read `path` on a thread; `changed` when it can be learned, `refused` with the reason if not."""
        from superqt.utils import create_worker
        if self._worker is not None:
            return
        self.loading = str(path)
        self.busyChanged.emit(True)
        worker = self._worker = create_worker(read_corpus, str(path), _ignore_errors=True)  # errored says it
        worker.returned.connect(self._on_read)
        worker.errored.connect(self._on_error)
        worker.finished.connect(self._on_finished)
        worker.start()

    # `returned`/`errored` reach the window before `finished`, sometimes much later on busy cores:
    # the choice is settled (not loading) before anyone hears of it, so a Start pressed at once works
    def _on_read(self, info: CorpusInfo) -> None:
        self.file, self.loading = info, None
        self.changed.emit()

    def _on_error(self, exc: Exception) -> None:
        from explainer.train.data import CorpusError
        name, self.loading = Path(self.loading or "").name, None
        reason = str(exc) if isinstance(exc, CorpusError) else f"{name} could not be read: {exc}"
        self.refused.emit(reason)

    def _on_finished(self) -> None:
        self._worker, self.loading = None, None
        self.busyChanged.emit(False)

    def wait(self, ms: int = 30_000) -> None:
        """Block until a file being read is done (closing the window)."""
        if self._worker is not None:
            QtCore.QThreadPool.globalInstance().waitForDone(ms)

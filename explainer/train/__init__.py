"""Training: token data, learning-rate schedule, the watchable pretraining loop, the timeline."""
from .data import CorpusError, TokenData, read_text_corpus
from .trainer import TrainConfig, Trainer, TrainSnapshot

__all__ = ["CorpusError", "TokenData", "read_text_corpus", "TrainConfig", "Trainer", "TrainSnapshot"]

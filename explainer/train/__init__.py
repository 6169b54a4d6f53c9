"""Training: token data, the one training loop every stage runs in, pretraining, the timeline."""
from .data import CorpusError, TokenData, read_text_corpus
from .loop import TrainConfig, Trainer, TrainSnapshot
from .pretrain import PretrainStage

__all__ = ["CorpusError", "TokenData", "read_text_corpus", "TrainConfig", "Trainer", "TrainSnapshot", "PretrainStage"]

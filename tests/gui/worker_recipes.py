"""Recipes for the worker tests. A module of its own without Qt, because a spawned worker
process imports it to rebuild the recipe."""
from dataclasses import dataclass

from explainer.train.recipes import PretrainRecipe

WORDS = "Tom the cat likes fish. Mia has a red ball and a dog named Max. " * 60


@dataclass(frozen=True)
class ExplodingRecipe(PretrainRecipe):
    """Trains normally, then raises inside a training step (a bug in a stage)."""
    explode_at: int = 15

    def build(self):
        trainer = super().build()
        stage, loss = trainer.stage, trainer.stage.loss

        def exploding_loss(batch):
            if trainer.state.step >= self.explode_at:
                raise RuntimeError("a stage went wrong")
            return loss(batch)
        stage.loss = exploding_loss
        return trainer


def nano_recipe(tmp_path, cls=PretrainRecipe, **over):
    corpus = tmp_path / "mine.txt"
    corpus.write_text(WORDS)
    return cls(**{"out": str(tmp_path / "run"), "preset": "nano", "corpus": str(corpus), "minutes": None,
                  "steps": 200, "skills": False, **over})

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


EXPOSED: dict[str, object] = {}  # out folder -> the Trainer an ExposingRecipe built (thread workers only)


@dataclass(frozen=True)
class ExposingRecipe(PretrainRecipe):
    """Trains normally and leaves its Trainer where a test in the same process can reach the tensors
    being trained (with a thread worker): to prove the views never draw them."""

    def build(self):
        trainer = super().build()
        EXPOSED[self.out] = trainer
        return trainer


def interrupted_run(tmp_path, steps: int = 30):
    """A run folder as a killed run leaves it: saved part-way (model.json metrics["ended"] False)."""
    recipe = nano_recipe(tmp_path, steps=200, skills=True)
    trainer = recipe.build()
    run = trainer.run()
    for snap in run:
        if snap.step >= steps:
            break
    trainer.folder.save(trainer, ended=False)
    run.close()
    return recipe.out

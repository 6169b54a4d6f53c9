"""Running a training recipe away from the window: in a process of its own, or in a thread.

`drive` is the whole protocol, written once: build the run from its recipe, pull the loop's
snapshots, send each out as a message, and between two snapshots read the commands
("pause", "resume", "cancel"). Every `latest_every_s` seconds a snapshot also carries a
copy of the newest weights, so a window can follow the run between timeline points. The
process entry point (`process_main`) and a thread both call `drive`, with a pipe or a
queue as the line to the window; the window's side (gui/worker) never sees the model.

Messages, each a tuple: ("started", RunInfo), ("snapshot", TrainSnapshot, weights or None),
("held", step) once a pause has taken hold (only with `announce_hold`: every snapshot sent
before it has been sent, and none follows until "resume"), ("failed", message, details),
("finished", None).
"""
from __future__ import annotations

import pickle
import time
import traceback
from dataclasses import dataclass
from typing import Callable

import torch


@dataclass(frozen=True)
class RunInfo:
    """What the window needs to put a new run on its shelf."""
    folder: str
    stage: str
    title: str
    config: dict  # GPTConfig.to_dict()
    tokenizer_json: str
    parameters: int
    train_tokens: int
    total_steps: int
    vocab_size: int


def run_info(trainer) -> RunInfo:
    model, tok = trainer.model, trainer.tokenizer
    data = getattr(trainer.stage, "data", None)
    return RunInfo(str(trainer.folder.path) if trainer.folder else "", trainer.stage.name, trainer.stage.title,
                   model.config.to_dict(), tok.to_str(), model.num_params(),
                   len(data.train) if data is not None else 0, trainer.state.total_steps, tok.vocab_size)


def refuse_real_models(recipe) -> None:
    """A run never starts from a model trained elsewhere (GPT-2, Pythia: docs/real-models.md): the app's
    training stages assume its own tokenizer's User: and Assistant: tokens and its own world, and the
    reward model keeps the position vectors such a model may not have. CheckpointError says so in words."""
    from ..errors import CheckpointError
    from ..real import folder_kind
    for field in ("start_from", "start", "reward", "pairs_from"):
        folder = getattr(recipe, field, None)
        if folder and folder_kind(folder) in ("huggingface", "revisions"):
            raise CheckpointError(f"{folder} holds a model trained elsewhere (a Hugging Face folder): this app trains "
                                  "and aligns only its own models, whose chats have User: and Assistant: tokens it "
                                  "does not know. Train a model of your own on the Train page (Ctrl+2).")


def drive(recipe, send: Callable[[tuple], None], receive: Callable[[float], str | None],
          latest_every_s: float = 2.0, announce_hold: bool = False) -> None:
    """Build `recipe` (anything with .build() -> Trainer) and run it, talking only through messages.
    `receive(timeout)` returns the next command or None; a failure is sent, never raised."""
    from ..errors import CheckpointError
    from .data import CorpusError
    try:
        refuse_real_models(recipe)
        trainer = recipe.build()
    except (CorpusError, CheckpointError, ValueError, KeyError, OSError) as exc:
        send(("failed", str(exc).strip("'\""), ""))
        return
    except Exception as exc:  # noqa: BLE001 - a bug: say so in the window, with the details
        send(("failed", f"the run could not start: {exc}", traceback.format_exc()))
        return
    send(("started", run_info(trainer)))
    last_weights = 0.0
    try:
        for snap in trainer.run():
            weights = None
            if time.monotonic() - last_weights >= latest_every_s or snap.done:
                weights, last_weights = trainer.stage.timeline_state(), time.monotonic()
            send(("snapshot", snap, weights))
            command = receive(0.0)
            paused = command == "pause"
            if paused and announce_hold:  # the window (and a test) can wait on this instead of on the clock
                send(("held", snap.step))
            while paused:  # hold between two steps until told to go on (the loop's clock stops too)
                command = receive(0.2)
                paused = command not in ("resume", "cancel")
            if command == "cancel":
                trainer.cancel()
    except Exception as exc:  # noqa: BLE001 - the window stays up and keeps the last good snapshot
        send(("failed", f"training stopped with an error: {exc}", traceback.format_exc()))
        return
    send(("finished", None))


def send_over(conn) -> Callable[[tuple], None]:
    """Messages as plain pickled bytes. Not `conn.send`: torch's multiprocessing pickler would hand
    tensors over as shared-memory handles, which die with the worker (a finished run's last
    weights would be lost). This pipe joins two processes of this app, never a file from outside."""
    return lambda message: conn.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))


def receive_over(conn) -> tuple:
    return pickle.loads(conn.recv_bytes())


def process_main(recipe, conn, threads: int = 1, latest_every_s: float = 2.0) -> None:
    """Entry point of a spawned worker process: one torch thread (a second one would fight the
    window's thread for a core), then `drive` over the pipe."""
    torch.set_num_threads(threads)

    def receive(timeout: float) -> str | None:
        return conn.recv() if conn.poll(timeout) else None
    try:
        drive(recipe, send_over(conn), receive, latest_every_s, announce_hold=True)
    except (BrokenPipeError, EOFError):  # the window went away: nothing left to tell
        pass
    finally:
        conn.close()

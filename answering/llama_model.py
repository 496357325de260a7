"""A GGUF chat model run by llama-cpp-python, loaded on first use."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from docent.answering import extra_bufts, prompt_state
from docent.answering.cpu_share import busy_cores, threads_to_use
from docent.answering.gguf_check import GgufDamaged, check_gguf
from docent.answering.llm import GenerationSettings, ModelError, choice_grammar
from docent.answering.types import Message

SCORED_TOKENS = 16  # a reply's likelihood is read from its first tokens (fewer where the context ends)


def default_threads() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


class LlamaCppModel:
    def __init__(
        self,
        path: Path,
        n_ctx: int = 2048,
        n_threads: int | None = None,
        n_gpu_layers: int = 0,
        state_file: Path | None = None,
        extra_bufts: str = "auto",
        probe_cache: Path | None = None,
    ) -> None:
        """state_file: where the state after an answer is kept for the next run (answering/prompt_state.py);
        extra_bufts: "on", "off", or "auto" for what the probe finds, its verdict kept in probe_cache
        (answering/extra_bufts.py)."""
        self.path = Path(path)
        self.name = self.path.name
        self._n_ctx = n_ctx
        self.n_threads = n_threads or default_threads()
        self.threads_chosen = n_threads is not None  # else fitted to the free cores before each answer
        self.threads_now = self.n_threads
        self.n_gpu_layers = n_gpu_layers
        self.gpu_offload_supported: bool | None = None
        self.state_file = state_file
        self.extra_bufts = extra_bufts
        self.probe_cache = probe_cache
        self.use_extra_bufts: bool | None = None  # decided when the model is loaded
        self.notice: str | None = None  # one line for the user about how the model was loaded
        self.restored_tokens = 0  # tokens of an earlier run's prompt that this run did not evaluate again
        self._state_saved = False
        self._llama: Any = None  # a llama_cpp.Llama once loaded (llama_cpp has no type hints)
        self._formatter: Any = None
        self._lock = threading.Lock()

    @property
    def n_ctx(self) -> int:
        return self._n_ctx

    def load(self) -> None:
        with self._lock:
            if self._llama is None:
                self._llama, self._formatter = self._open()

    def _check_file(self) -> None:
        if not self.path.is_file():
            raise ModelError(f"model file not found: {self.path}")
        try:
            check_gguf(self.path)
        except GgufDamaged as reason:
            raise ModelError(f"{reason}: {self.path}") from None

    def _open(self):
        self._check_file()
        import llama_cpp
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        from docent.answering.llama_loading import load_llama

        self.gpu_offload_supported = bool(llama_cpp.llama_supports_gpu_offload())
        decision = extra_bufts.decide(self.extra_bufts, self.path, self.n_threads, self.probe_cache)
        self.use_extra_bufts, self.notice = decision.use_extra_bufts, decision.notice
        try:
            llama = load_llama(
                str(self.path),
                self.use_extra_bufts,
                n_ctx=self._n_ctx,
                n_threads=self.n_threads,
                n_gpu_layers=self.n_gpu_layers,
                verbose=False,
            )
        except (ValueError, RuntimeError) as error:
            raise ModelError(f"could not load {self.path.name}: {error}") from None
        template = llama.metadata.get("tokenizer.chat_template")
        if not template:
            raise ModelError(f"{self.path.name} has no chat template; use a chat (instruct) model")
        formatter = Jinja2ChatFormatter(
            template=template,
            eos_token=llama.detokenize([llama.token_eos()], special=True).decode(errors="ignore"),
            bos_token=llama.detokenize([llama.token_bos()], special=True).decode(errors="ignore"),
        )
        self._n_ctx = llama.n_ctx()
        if self.state_file:
            self.restored_tokens = prompt_state.restore(llama, self.state_file, self._state_key())
        return llama, formatter

    def _state_key(self) -> dict:
        return prompt_state.state_key(self.path, self._n_ctx, self.n_gpu_layers, bool(self.use_extra_bufts))

    def _save_state(self) -> None:
        """Keep the state after this run's first answer; a cache that cannot be written costs only speed."""
        if self.state_file and not self._state_saved:
            self._state_saved = True
            try:
                prompt_state.save(self._llama, self.state_file, self._state_key())
            except OSError:
                pass

    def render(self, messages: list[Message]) -> str:
        self.load()
        return self._formatter(messages=[{"role": m.role, "content": m.content} for m in messages]).prompt

    def tokens(self, prompt: str) -> list[int]:
        """The token ids of a rendered prompt, special tokens of the template included."""
        self.load()
        return self._llama.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)

    def count_tokens(self, prompt: str) -> int:
        return len(self.tokens(prompt))

    def _fit_threads(self) -> None:
        """Unless the user chose a thread count, run on the cores that other programs leave free now."""
        if self.threads_chosen:
            return
        wanted = threads_to_use(self.n_threads, busy_cores())
        if wanted != self.threads_now:
            import llama_cpp

            llama_cpp.llama_set_n_threads(self._llama.ctx, wanted, wanted)
            self.threads_now = wanted

    def stream(self, prompt: str, settings: GenerationSettings) -> Iterator[str]:
        self.load()
        self._fit_threads()
        grammar = None
        if settings.choices:
            from llama_cpp import LlamaGrammar

            grammar = LlamaGrammar.from_string(choice_grammar(settings.choices), verbose=False)
        chunks = self._llama.create_completion(
            self.tokens(prompt),
            max_tokens=settings.max_tokens,
            temperature=settings.temperature,
            stop=list(settings.stop),
            stream=True,
            grammar=grammar,
        )
        try:
            for chunk in chunks:
                yield chunk["choices"][0]["text"]
        finally:
            chunks.close()
            self._save_state()

    def likelihoods(self, prompt: str, replies: Sequence[str]) -> list[float] | None:
        """Each reply's mean log-probability per token after the prompt, the prompt evaluated once (and its
        cached prefix reused): a reply costs one decode per token but its last."""
        self.load()
        self._fit_threads()
        llama = self._llama
        tokens = self.tokens(prompt)
        self._evaluate(tokens)
        after_prompt = self._log_probabilities()
        room = max(1, min(SCORED_TOKENS, llama.n_ctx() - len(tokens)))
        scores = []
        for reply in replies:
            ids = llama.tokenize(reply.encode("utf-8"), add_bos=False, special=False)[:room]
            llama.n_tokens = len(tokens)
            total, logits = 0.0, after_prompt
            for at, token in enumerate(ids):
                total += float(logits[token])
                if at + 1 < len(ids):
                    llama.eval([token])
                    logits = self._log_probabilities()
            scores.append(total / len(ids) if ids else float("-inf"))
        # The prompt but its last token counts as evaluated: the next reply evaluates that token again, for
        # logits of its own (llama_cpp.Llama samples at once from the logits it holds when the whole prompt is).
        llama.n_tokens = len(tokens) - 1
        return scores

    def _evaluate(self, tokens: list[int]) -> None:
        """Evaluate the prompt's tokens past the prefix already evaluated (at least its last, for its logits)."""
        llama = self._llama
        done = llama.input_ids[: llama.n_tokens].tolist()
        common = next((i for i, (a, b) in enumerate(zip(done, tokens, strict=False)) if a != b), min(len(done), len(tokens)))
        llama.n_tokens = min(common, len(tokens) - 1)
        llama.eval(tokens[llama.n_tokens:])

    def _log_probabilities(self) -> Any:
        """The log-softmax of the logits after the last token evaluated."""
        import llama_cpp
        import numpy

        logits = numpy.ctypeslib.as_array(llama_cpp.llama_get_logits(self._llama.ctx), shape=(self._llama.n_vocab(),))
        shifted = logits - logits.max()
        return shifted - numpy.log(numpy.exp(shifted).sum())

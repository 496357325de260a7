"""Load a llama_cpp.Llama with llama.cpp's extra buffer types (weight repacking) on or off.

llama_cpp.Llama takes no argument for the model parameter `use_extra_bufts`: its __init__ builds
`self.model_params` from llama_model_default_params() and loads the model at once. The subclass
below receives that assignment through a property and sets the field on this instance's own
parameters before the load, so nothing global is patched and concurrent loads do not interfere.
"""

from __future__ import annotations

from typing import Any


def load_llama(model_path: str, use_extra_bufts: bool, **options: Any):
    """A llama_cpp.Llama for model_path; options are Llama's own keyword arguments."""
    return llama_class()(model_path=model_path, use_extra_bufts=use_extra_bufts, **options)


_LLAMA_CLASS = None


def llama_class():
    global _LLAMA_CLASS
    if _LLAMA_CLASS is None:
        import llama_cpp

        class Llama(llama_cpp.Llama):
            def __init__(self, *args: Any, use_extra_bufts: bool, **kwargs: Any) -> None:
                self._use_extra_bufts = use_extra_bufts
                super().__init__(*args, **kwargs)

            @property
            def model_params(self):
                return self._model_params

            @model_params.setter
            def model_params(self, params) -> None:
                params.use_extra_bufts = self._use_extra_bufts
                self._model_params = params

        _LLAMA_CLASS = Llama
    return _LLAMA_CLASS

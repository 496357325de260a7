"""The compiled part of docent: the MaxScore ranker (retrieval/_maxscore.c). Everything else is in pyproject.toml."""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class BuildExt(build_ext):
    """Compiles without floating-point contraction: a fused multiply-add would round a BM25 part differently
    from rank-bm25's, and the scores must be its own to the last bit."""

    def build_extensions(self) -> None:
        msvc = self.compiler.compiler_type == "msvc"
        for extension in self.extensions:
            extension.extra_compile_args = ["/O2", "/fp:precise"] if msvc else ["-O2", "-std=c11", "-ffp-contract=off"]
        super().build_extensions()


setup(
    ext_modules=[Extension("docent.retrieval._maxscore", ["retrieval/_maxscore.c"])],
    cmdclass={"build_ext": BuildExt},
)

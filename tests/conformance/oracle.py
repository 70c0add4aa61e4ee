"""The oracle's transcript parser (../shared/oracle/compare) for the Python
test runners, and memhp's transcript of a scenario beside Linux's."""
import importlib.machinery
import importlib.util
import os
import subprocess
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("MEMHP_SHARED", os.path.join(TOP, "..", "shared"))


def load_compare():
    """../shared/oracle/compare as a module (its steps() splits a transcript)"""
    path = os.path.join(SHARED, "oracle", "compare")
    loader = importlib.machinery.SourceFileLoader("oracle_compare", path)
    spec = importlib.util.spec_from_loader("oracle_compare", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def transcripts(compare, memhp, kernel, scenario, golden):
    """(Linux's steps, memhp's steps) of @scenario, each a list of [head, lines]"""
    run = subprocess.run([memhp, "run", "--kernel", kernel, scenario],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, errors="replace")
    with tempfile.NamedTemporaryFile("w", suffix=".out") as f:
        f.write(run.stdout)
        f.flush()
        return compare.steps(golden), compare.steps(f.name)

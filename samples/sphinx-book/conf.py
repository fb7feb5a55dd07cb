# A book built with the gradpath Sphinx extension alone: no Maven. The equations are written in place by
# `.. gradpath::` directives from the networks in samples/, and the hand-written derivations are checked while
# Sphinx reads them (gradpath_check). The extension finds gradpath.jar from gradpath_jar here, the environment
# variable GRADPATH_JAR, or the jar shipped inside the installed package.
import os

project = "gradpath for Sphinx"
author = "The gradpath authors"
copyright = "2026, The gradpath authors"

extensions = ["sphinx.ext.mathjax", "myst_parser", "sphinx_gradpath"]
exclude_patterns = ["_build"]
root_doc = "index"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}

gradpath_check = True

numfig = True
math_numfig = True

# \bm for MathJax 3 (the default, from its CDN), or for MathJax 2 such as Debian's offline libjs-mathjax:
#   GRADPATH_MATHJAX='file:///usr/share/javascript/mathjax/MathJax.js?config=TeX-AMS_CHTML' sphinx-build ...
BM = [r"\boldsymbol{#1}", 1]
if "MathJax.js" in os.environ.get("GRADPATH_MATHJAX", ""):
    mathjax_path = os.environ["GRADPATH_MATHJAX"]
    mathjax2_config = {"TeX": {"Macros": {"bm": BM}}}
else:
    mathjax3_config = {"tex": {"macros": {"bm": BM}}}

# MyST: $...$ math, and leave Sphinx's MathJax configuration (the \bm macro above) alone.
myst_enable_extensions = ["dollarmath"]
myst_update_mathjax = False

latex_elements = {"preamble": r"\usepackage{bm}"}

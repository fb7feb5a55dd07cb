"""The peer side of src/bench/peer.sh: the chapter's skip network as composed SymPy functions.

Builds L(y) for the network peer.sh writes (h_1 = a_0(w_0 x), h_{n+1} = a_n(w_n h_n), s_q = h_p + h_q,
h_{q+1} = a_q(w_q s_q), y = a_N(w_N h_N)) with scalar symbols and undefined functions, differentiates it with
sympy.diff with respect to every weight, and prints sympy.latex of each gradient: the same work `gradpath derive`
does for that network, one line per gradient.
Usage: python3 peer_sympy.py N P Q
"""
import sys

import sympy as sp


def network(n_layers, p, q):
    x = sp.Symbol("x")
    w = [sp.Symbol(f"w_{k}") for k in range(n_layers + 1)]
    a = [sp.Function(f"a_{k}") for k in range(n_layers + 1)]
    h = {1: a[0](w[0] * x)}
    for n in range(1, n_layers):
        if n == q:
            h[n + 1] = a[q](w[q] * (h[p] + h[q]))  # the skip: s_q = h_p + h_q
        else:
            h[n + 1] = a[n](w[n] * h[n])
    y = a[n_layers](w[n_layers] * h[n_layers])
    return sp.Function("L")(y), w


def main():
    n_layers, p, q = (int(v) for v in sys.argv[1:4])
    loss, w = network(n_layers, p, q)
    out = []
    for k in range(n_layers, -1, -1):
        out.append(f"\\frac{{\\partial L}}{{\\partial w_{{{k}}}}} = {sp.latex(sp.diff(loss, w[k]))}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()

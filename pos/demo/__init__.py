"""`make demo`: the whole store from one command (`python -m pos.demo`).

The member backend, two virtual device rigs (the staffed till's and the
self-checkout lane's), the cashier till in this terminal, and the self-checkout
lane and the ShopExpress handheld in the browser (textual-serve, one app process
per tab). `pos.demo.__main__` runs it; `children` starts and stops the processes;
`parts` starts each part and says when it is ready.
"""

/*
 * Min-cost circulation with lower bounds (see round.h for the network).
 * Start every edge at its lower bound, or at its upper bound when its cost is
 * negative, so every residual edge costs >= 0; the imbalance this leaves
 * is sent from a super source to a super sink by successive shortest paths
 * (Dijkstra with potentials). The network has at most a few hundred nodes,
 * so an O(V^2) Dijkstra is simplest.
 */
#include "plan/round.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/money.h"

#define COST_PRIMARY 1024         /* resolution of "nearer" */
#define COST_SCALE (1LL << 32)    /* primary dominates every sum of tie-breaks */
#define INF_DIST INT64_MAX

struct edge {
	int to;
	int64_t cap;  /* residual capacity */
	int64_t cost;
};

struct net {
	struct edge *e;
	size_t ne, alloc;
	int nv;
};

static int add_edge(struct net *n, int u, int v, int64_t cap, int64_t cost)
{
	if (n->ne + 2 > n->alloc) {
		size_t na = n->alloc ? n->alloc * 2 : 256;
		struct edge *ne = realloc(n->e, na * sizeof(*ne));
		if (!ne)
			return -1;
		n->e = ne;
		n->alloc = na;
	}
	/* Edge 2k is u→v, 2k+1 its reverse; the tail of edge i is e[i^1].to. */
	n->e[n->ne] = (struct edge){v, cap, cost};
	n->e[n->ne + 1] = (struct edge){u, 0, -cost};
	n->ne += 2;
	return (int)(n->ne - 2);
}

struct bounded {
	int u, v;
	int64_t lo, hi, cost;
	int edge; /* index of the forward residual edge */
	int64_t flow;
};

static int64_t floor_div(int64_t x, int64_t d)
{
	return money_div(x, d, MONEY_FLOOR);
}

static int64_t ceil_div(int64_t x, int64_t d)
{
	int64_t f = floor_div(x, d);
	return f * d == x ? f : f + 1;
}

/* Cost per unit of rounding a cell up: nearer first, then the tie-break. */
static int64_t cell_cost(int64_t num, int64_t den, size_t row, size_t n_rows, size_t col)
{
	int64_t rem = num - floor_div(num, den) * den; /* 0 < rem < den here */
	/* (den - 2 rem) / den in [-1, 1] as an integer in [-1024, 1024]; the
	 * product stays below 2^62 because the caller checks den < 2^52. */
	int64_t primary = money_div((den - 2 * rem) * COST_PRIMARY, den, MONEY_HALF_UP);
	int64_t tie = -(int64_t)col * (int64_t)(n_rows - row);
	return primary * COST_SCALE + tie;
}

enum vs_err round_tables(size_t nc, size_t na, const int64_t *a, size_t nb, const int64_t *b,
			 int64_t den, int64_t *ra, int64_t *rb, struct vs_error *err)
{
	if (nc == 0 || na == 0 || nb == 0 || den <= 0)
		return vs_fail(err, VS_EUSAGE, "round_tables: empty table or unit");
	if (nc > ROUND_MAX_COLS || na > ROUND_MAX_ROWS || nb > ROUND_MAX_ROWS)
		return vs_fail(err, VS_ETOOBIG, "round_tables: more than %d years or %d rows",
			       ROUND_MAX_COLS, ROUND_MAX_ROWS);
	if (den >= (1LL << 52))
		return vs_fail(err, VS_ETOOBIG, "round_tables: rounding unit too large");
	/* Margins, exact: sums of numerators (checked). */
	int64_t *ca = calloc(nc, sizeof(int64_t)), *cb = calloc(nc, sizeof(int64_t));
	int64_t *rsa = calloc(na, sizeof(int64_t)), *rsb = calloc(nb, sizeof(int64_t));
	struct bounded *bd = calloc(1 + na + nb + nc + (na + nb) * nc, sizeof(*bd));
	struct net n = {NULL, 0, 0, 0};
	int64_t *excess = NULL, *pot = NULL, *dist = NULL;
	int *prev = NULL;
	bool *done = NULL;
	enum vs_err rc = VS_OK;
	if (!ca || !cb || !rsa || !rsb || !bd) {
		rc = vs_fail(err, VS_ENOMEM, "round_tables: out of memory");
		goto out;
	}
	int64_t grand = 0, grand_b = 0;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nc; j++) {
			int64_t x = a[i * nc + j];
			if (x < 0 || !money_add(rsa[i], x, &rsa[i]) || !money_add(ca[j], x, &ca[j]) ||
			    !money_add(grand, x, &grand)) {
				rc = vs_fail(err, x < 0 ? VS_EUSAGE : VS_ETOOBIG,
					     "round_tables: negative or too large amount");
				goto out;
			}
		}
	for (size_t k = 0; k < nb; k++)
		for (size_t j = 0; j < nc; j++) {
			int64_t x = b[k * nc + j];
			if (x < 0 || !money_add(rsb[k], x, &rsb[k]) || !money_add(cb[j], x, &cb[j]) ||
			    !money_add(grand_b, x, &grand_b)) {
				rc = vs_fail(err, x < 0 ? VS_EUSAGE : VS_ETOOBIG,
					     "round_tables: negative or too large amount");
				goto out;
			}
		}
	for (size_t j = 0; j < nc; j++)
		if (ca[j] != cb[j]) {
			rc = vs_fail(err, VS_EUSAGE, "round_tables: the two tables disagree in year %zu",
				     j);
			goto out;
		}

	/* Nodes: 0 source, 1 sink, A rows, years in, years out, B rows, then SS, TT. */
	int S = 0, T = 1;
	int A0 = 2, Y0 = A0 + (int)na, Z0 = Y0 + (int)nc, B0 = Z0 + (int)nc;
	int SS = B0 + (int)nb, TT = SS + 1;
	n.nv = TT + 1;
	size_t nbd = 0;
	bd[nbd++] = (struct bounded){T, S, floor_div(grand, den), ceil_div(grand, den), 0, 0, 0};
	for (size_t i = 0; i < na; i++)
		bd[nbd++] = (struct bounded){S, A0 + (int)i, floor_div(rsa[i], den),
					     ceil_div(rsa[i], den), 0, 0, 0};
	for (size_t j = 0; j < nc; j++)
		bd[nbd++] = (struct bounded){Y0 + (int)j, Z0 + (int)j, floor_div(ca[j], den),
					     ceil_div(ca[j], den), 0, 0, 0};
	for (size_t k = 0; k < nb; k++)
		bd[nbd++] = (struct bounded){B0 + (int)k, T, floor_div(rsb[k], den),
					     ceil_div(rsb[k], den), 0, 0, 0};
	size_t cells_a = nbd;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nc; j++) {
			int64_t x = a[i * nc + j], lo = floor_div(x, den), hi = ceil_div(x, den);
			bd[nbd++] = (struct bounded){A0 + (int)i, Y0 + (int)j, lo, hi,
						     lo == hi ? 0 : cell_cost(x, den, i, na, j), 0, 0};
		}
	size_t cells_b = nbd;
	for (size_t k = 0; k < nb; k++)
		for (size_t j = 0; j < nc; j++) {
			int64_t x = b[k * nc + j], lo = floor_div(x, den), hi = ceil_div(x, den);
			bd[nbd++] = (struct bounded){Z0 + (int)j, B0 + (int)k, lo, hi,
						     lo == hi ? 0 : cell_cost(x, den, k, nb, j), 0, 0};
		}

	excess = calloc((size_t)n.nv, sizeof(int64_t));
	pot = calloc((size_t)n.nv, sizeof(int64_t));
	dist = calloc((size_t)n.nv, sizeof(int64_t));
	prev = calloc((size_t)n.nv, sizeof(int));
	done = calloc((size_t)n.nv, sizeof(bool));
	if (!excess || !pot || !dist || !prev || !done) {
		rc = vs_fail(err, VS_ENOMEM, "round_tables: out of memory");
		goto out;
	}
	for (size_t q = 0; q < nbd; q++) {
		struct bounded *x = &bd[q];
		x->flow = x->cost < 0 ? x->hi : x->lo;
		excess[x->v] += x->flow;
		excess[x->u] -= x->flow;
		/* Forward residual: up to hi; the reverse edge lets flow go back to lo. */
		x->edge = add_edge(&n, x->u, x->v, x->hi - x->flow, x->cost);
		if (x->edge < 0) {
			rc = vs_fail(err, VS_ENOMEM, "round_tables: out of memory");
			goto out;
		}
		n.e[x->edge + 1].cap = x->flow - x->lo;
	}
	int64_t need = 0;
	for (int v = 0; v < SS; v++) {
		int ok = 0;
		if (excess[v] > 0) {
			ok = add_edge(&n, SS, v, excess[v], 0);
			need += excess[v];
		} else if (excess[v] < 0) {
			ok = add_edge(&n, v, TT, -excess[v], 0);
		}
		if (ok < 0) {
			rc = vs_fail(err, VS_ENOMEM, "round_tables: out of memory");
			goto out;
		}
	}
	/* Adjacency by scanning all edges keeps the code short; the graph is small. */
	int64_t sent = 0;
	while (sent < need) {
		for (int v = 0; v < n.nv; v++) {
			dist[v] = INF_DIST;
			done[v] = false;
			prev[v] = -1;
		}
		dist[SS] = 0;
		for (;;) {
			int u = -1;
			for (int v = 0; v < n.nv; v++)
				if (!done[v] && dist[v] != INF_DIST && (u < 0 || dist[v] < dist[u]))
					u = v;
			if (u < 0)
				break;
			done[u] = true;
			for (size_t q = 0; q < n.ne; q++) {
				if (n.e[q ^ 1].to != u || n.e[q].cap <= 0)
					continue;
				int v = n.e[q].to;
				int64_t nd = dist[u] + n.e[q].cost + pot[u] - pot[v];
				if (nd < dist[v]) {
					dist[v] = nd;
					prev[v] = (int)q;
				}
			}
		}
		if (dist[TT] == INF_DIST)
			break;
		for (int v = 0; v < n.nv; v++)
			if (dist[v] != INF_DIST)
				pot[v] += dist[v];
		int64_t push = need - sent;
		for (int v = TT; v != SS; v = n.e[prev[v] ^ 1].to)
			if (n.e[prev[v]].cap < push)
				push = n.e[prev[v]].cap;
		for (int v = TT; v != SS; v = n.e[prev[v] ^ 1].to) {
			n.e[prev[v]].cap -= push;
			n.e[prev[v] ^ 1].cap += push;
		}
		sent += push;
	}
	if (sent < need) {
		/* Cannot happen for consistent input (see round.h); a bug if it does. */
		rc = vs_fail(err, VS_EUSAGE, "round_tables: no controlled rounding found");
		goto out;
	}
	for (size_t q = cells_a; q < nbd; q++) {
		struct bounded *x = &bd[q];
		int64_t flow = x->lo + n.e[x->edge + 1].cap; /* reverse capacity = flow - lo */
		if (q < cells_b)
			ra[q - cells_a] = flow;
		else
			rb[q - cells_b] = flow;
	}
out:
	free(ca);
	free(cb);
	free(rsa);
	free(rsb);
	free(bd);
	free(n.e);
	free(excess);
	free(pot);
	free(dist);
	free(prev);
	free(done);
	return rc;
}

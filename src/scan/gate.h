/*
 * The one way out of a scan. Every datagram, connection attempt and raw
 * frame a scan emits goes through gate_send, which refuses (VS_EPERM,
 * counted, nothing sent) any destination outside the scope and charges
 * the rate limits. No other file in scan/ calls sendto, connect or send on
 * an unconnected socket, so "only TARGETS are touched" holds by
 * construction, and the unit tests check this function alone.
 */
#ifndef VS_SCAN_GATE_H
#define VS_SCAN_GATE_H

#include <stddef.h>
#include <stdint.h>

#include "scan/rate.h"
#include "scan/scope.h"
#include "util/err.h"

enum gate_op {
	GATE_UDP,  /* sendto(fd, buf, n, dst:port) */
	GATE_TCP,  /* connect(fd, dst:port) on a non-blocking socket; buf unused */
	GATE_ICMP, /* sendto(fd, buf, n, dst) on an ICMP socket */
	GATE_ARP,  /* send(fd, buf, n): an Ethernet ARP request whose target
	            * protocol address (read from the frame) must be dst */
};

struct gate {
	const struct scope *scope;
	struct rate *rate;
	uint64_t sent, refused;
	/* Test hook: when set, called instead of the system call (the unit
	 * tests count what would have left). Returns 0 or an errno. */
	int (*fake_send)(enum gate_op op, int fd, uint32_t dst, uint16_t port, const void *buf,
			 size_t n, void *ctx);
	void *fake_ctx;
};

/* Link-scope multicast groups the discovery probes use (host order). */
#define GATE_MC_SSDP 0xeffffffau /* 239.255.255.250: SSDP, WS-Discovery, SADP */
#define GATE_MC_DHIP 0xeffffffbu /* 239.255.255.251: Dahua DHIP */
#define GATE_MC_MDNS 0xe00000fbu /* 224.0.0.251 */
#define GATE_BCAST 0xffffffffu

/*
 * Send (host-order dst). VS_OK: sent. VS_EPERM: dst outside the scope (or a
 * broadcast when the scope does not hold the whole segment); nothing was
 * sent. *wait_ns > 0 with VS_OK: the rate limit says not yet; nothing was
 * sent, try again after that long. VS_EIO: the system call failed (*sys_errno;
 * EINPROGRESS from a non-blocking connect is success).
 */
enum vs_err gate_send(struct gate *g, enum gate_op op, int fd, uint32_t dst, uint16_t port,
		      const void *buf, size_t n, int64_t now_ns, int64_t *wait_ns, int *sys_errno,
		      struct vs_error *err);

/* Is dst a broadcast or discovery multicast address: the limited broadcast,
 * the groups above, or the broadcast address of the scope's segment? */
bool gate_is_group(const struct scope *s, uint32_t dst);

#endif

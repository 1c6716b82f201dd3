/*
 * Passive discovery: packets in, sightings out. Each frame goes through the
 * dissectors in proto/ (pure, bounds-checked); the facts they return become
 * observations on a device table keyed by MAC address, with the addresses
 * each device used, the external peers it talked to and the names it
 * resolved. Nothing is ever sent.
 *
 * Who a frame's facts belong to is decided by address first: an address
 * bound to a device (ARP, DHCP, a discovery reply, or the first address a
 * MAC used) names it; a local address arriving from a MAC that already has
 * another one is a host behind a router, kept as a device of its own keyed
 * by that address (no MAC); an external address is nobody's here (its
 * bytes are exposure of the local end).
 *
 * Memory is bounded by devices, never by packets (util/limits.h): at most
 * VS_MAX_CAPTURE_DEVICES devices, each bounded by model/sighting.h's
 * limits, and a TCP flow table of VS_MAX_CAPTURE_FLOWS entries that only
 * counts the first VS_TCP_SEGMENTS_PER_DIR data segments of each direction
 * (HTTP, RTSP, SIP and TLS reveal themselves in their first segments). A
 * head that does not end in its first segment is reassembled: in-order
 * bytes only (out-of-order data is dropped, never guessed at), up to
 * VS_REASM_HEAD_MAX (HTTP/RTSP/SIP, to the blank line) or VS_REASM_TLS_MAX
 * (TLS, to the Certificate), in at most VS_MAX_REASM_FLOWS buffers at once;
 * the oldest is dissected as far as it got when a new one needs room.
 *
 * Link types: Ethernet (DLT_EN10MB), Linux cooked v1 and v2 (DLT_LINUX_SLL,
 * DLT_LINUX_SLL2).
 */
#ifndef VS_CAPTURE_CAPTURE_H
#define VS_CAPTURE_CAPTURE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/sighting.h"
#include "util/err.h"

#define CAPTURE_DLT_EN10MB 1
#define CAPTURE_DLT_LINUX_SLL 113
#define CAPTURE_DLT_LINUX_SLL2 276

struct capture_stats {
	uint64_t packets, bytes;
	uint64_t undecoded;       /* frames whose link or network header did not parse */
	uint64_t devices_dropped; /* frames from MACs past VS_MAX_CAPTURE_DEVICES */
	uint64_t addrs_dropped;   /* addresses past VS_MAX_CAPTURE_ADDRS, not bound */
	uint64_t flow_resets;     /* times the TCP flow table filled up and was cleared */
	bool truncated;           /* the file ended inside a record: what came before was used */
	/* Live only, from pcap_stats when the capture stops: packets the
	 * kernel passed to the capture socket, dropped because its buffer was
	 * full, and dropped by the interface (where the driver says). */
	uint64_t live_received, live_dropped, live_ifdropped;
};

struct capture;

struct capture *capture_new(void);
void capture_free(struct capture *c);

/*
 * One frame of the given link type, caplen bytes captured, at ts_us
 * (microseconds since the epoch). Hostile bytes never fail the call: what
 * does not parse is counted in undecoded. VS_ENOMEM is the only error.
 */
enum vs_err capture_packet(struct capture *c, int linktype, const uint8_t *p, size_t caplen,
			   int64_t ts_us, struct vs_error *err);

/*
 * What a source that reads replies off its own sockets (scan/) knows of
 * one: who sent it (the MAC when known, the addresses) and the transport.
 * Addresses in network byte order; IPv4 in the first 4 bytes.
 */
struct capture_l4 {
	bool has_mac;
	uint8_t src_mac[6]; /* the sender's, when has_mac */
	bool v6;
	uint8_t src[16], dst[16];
	uint8_t proto;      /* IPPROTO_UDP, IPPROTO_TCP; anything else is not dissected */
	uint16_t sport, dport;
};

/*
 * One reply's payload, read by the same dissectors and attributed by the
 * same rules as a frame's after its link, IP and UDP/TCP headers (which a
 * frame's payload reaches through this path too): a UDP datagram by port,
 * a TCP payload as the first bytes of one direction of a stream (a socket
 * reads it whole, so nothing is reassembled). Another protocol (an ICMP
 * echo reply) only notes the sender (MAC, address). The sender's MAC
 * makes it a device as a frame's source MAC does; the sender is a device
 * under survey whatever its address (a frame from a public address is an
 * internet server's, but a reply handed over comes from a target the
 * caller was told to ask). No bytes are counted as exposure: a reply to
 * the caller is not the device's own traffic.
 * VS_ENOMEM is the only error.
 */
enum vs_err capture_payload(struct capture *c, const struct capture_l4 *m, const uint8_t *payload,
			    size_t len, int64_t ts_us, struct vs_error *err);

/* The devices seen so far, in the order they were first seen. */
size_t capture_device_count(const struct capture *c);
const struct sighting *capture_device(const struct capture *c, size_t i);
const struct capture_stats *capture_get_stats(const struct capture *c);

/* Dissect every head still being reassembled, as far as it got, and free
 * the buffers: the packet sources call it when their input ends, and
 * capture_detach does. */
void capture_flush(struct capture *c);

/*
 * Stop reading a file: another thread may call it (the command's loader
 * thread, when the store cannot be opened, so a failure is said without
 * reading the rest of a large file first). capture_read_file then
 * returns within a window (about 4 MiB) of reading, VS_OK with the
 * frames read so far, which the caller throws away.
 */
void capture_request_stop(struct capture *c);
bool capture_stop_requested(struct capture *c);

/* For the packet sources: the file ended inside a record; a live capture's
 * counts from the kernel. */
void capture_note_truncated(struct capture *c);
void capture_note_live(struct capture *c, uint64_t received, uint64_t dropped,
		       uint64_t ifdropped);

/* Hand the device table to the caller (who releases each sighting and frees
 * the array); the capture is left empty. */
struct sighting *capture_detach(struct capture *c, size_t *n);

/* Progress: bytes of the file read so far and its size (0 for live). */
typedef void (*capture_progress_fn)(uint64_t done, uint64_t total, void *ctx);

/*
 * Read a pcap or pcapng file (libpcap reads both). VS_ENOTFOUND / VS_EIO when
 * it cannot be opened, VS_EBADVAL when it is not a capture or has an
 * unsupported link type, or a record is malformed. A file cut inside its
 * last record keeps what came before and sets stats.truncated.
 */
enum vs_err capture_read_file(struct capture *c, const char *path, capture_progress_fn progress,
			      void *progress_ctx, struct vs_error *err);

/* The same over a capture file's bytes in memory (tests, the fuzz target);
 * name is for messages. */
enum vs_err capture_read_memory(struct capture *c, const uint8_t *data, size_t len,
				const char *name, struct vs_error *err);

/* --buffer: the kernel's ring for a live capture, in MiB. libpcap's own
 * default, 2, dropped packets of a 1 Gbit/s replay of a mirror port's
 * traffic on a busy 2-core machine; 16 dropped none up to 3.5 Gbit/s
 * (docs/benchmarks.md, live). */
#define CAPTURE_BUFFER_DEFAULT_MIB 32
#define CAPTURE_BUFFER_MAX_MIB 1024 /* libpcap takes the size as an int */

/*
 * Listen on an interface for duration_s seconds (0: until *stop is set),
 * with a capture buffer of buffer_mib MiB (0: CAPTURE_BUFFER_DEFAULT_MIB): on Linux
 * a PACKET_MMAP ring (TPACKET_V3) the kernel fills while frames are
 * dissected, so a larger one rides out longer bursts before it drops. The
 * duration and *stop are both seen within 200 ms on a silent link too (the
 * descriptor is polled with a timeout, not left to libpcap's read timeout,
 * which a quiet TPACKET_V3 ring never fires); once stopped, the frames of
 * the ring's open block are still read. The handle is opened first, then
 * privileges are dropped (util/priv.h)
 * before a single packet is read; dropped_to names the account (empty when
 * not root). Opened without promiscuous mode changes beyond what libpcap's
 * default does; the capture never transmits. The kernel's counts of
 * received and dropped packets are left in the stats.
 */
enum vs_err capture_live(struct capture *c, const char *ifname, unsigned duration_s,
			 unsigned buffer_mib, volatile sig_atomic_t *stop, char *dropped_to,
			 size_t dropped_len, struct vs_error *err);

#endif

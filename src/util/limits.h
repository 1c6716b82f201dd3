/*
 * Every limit in one place (as p0f's config.h). Input that exceeds one is
 * refused with VS_ETOOBIG and a message naming the limit, never truncated
 * silently.
 */
#ifndef VS_UTIL_LIMITS_H
#define VS_UTIL_LIMITS_H

#define VS_MAX_CSV_FIELD (64 * 1024)    /* bytes in one CSV field */
#define VS_MAX_CSV_COLUMNS 256          /* columns in one CSV row */
#define VS_MAX_CSV_LINE (1024 * 1024)   /* bytes in one CSV record */
#define VS_MAX_COUNT 100000000LL        /* units in one aggregate row */
#define VS_MAX_STRBUF (256 * 1024 * 1024) /* one growable buffer */
#define VS_MAX_SOURCE_NAME 4096         /* bytes of a source's name (--source, a canonical path: PATH_MAX) */
#define VS_MAX_KB_LINE 8192             /* bytes in one knowledge-base line */
#define VS_MAX_OWNER_DEPTH 16           /* hops in a parent/owner chain */
#define VS_MAX_KB_FILE (64 * 1024 * 1024) /* bytes in one knowledge-base or IEEE CSV file */
#define VS_MAX_OUI_ENTRIES 1000000      /* blocks in the IEEE registry (2022: ~46,500) */
#define VS_MAX_EVIDENCE 64              /* evidence strings kept per asset; the last says what was cut */
#define VS_EVIDENCE_DECISION_ROOM 24    /* of those, kept free of observations for the decision's lines */
#define VS_MAX_DEVICE_FILE (512 * 1024 * 1024) /* bytes of a device file (nmap XML, leases, Zeek log) read whole */
#define VS_MAX_XLSX_FILE (256 * 1024 * 1024)  /* bytes of an XLSX workbook, read whole */
#define VS_MAX_STATUS_FILE (64 * 1024 * 1024) /* bytes of a CSV of status changes, read whole (a year of a municipality's is a few thousand rows) */
#define VS_MAX_XLSX_ENTRY (256 * 1024 * 1024) /* bytes of a part read whole (shared strings, workbook) unpacked */
#define VS_MAX_XLSX_SHEET_XML (8ULL << 30)    /* bytes of the sheet's XML, streamed (a bound on time, not memory) */
#define VS_MAX_XLSX_STRINGS 4000000          /* shared strings in one workbook */
#define VS_MAX_XLSX_ROWS 1048576             /* rows of one sheet (Excel's own limit) */
#define VS_MAX_XLSX_SHEETS 1024              /* sheets named in one workbook */
#define VS_MAX_NMAP_DEPTH 64 /* element nesting in nmap XML (nmap writes 7 levels) */
#define VS_MAX_NMAP_RESPONSE 16384 /* bytes of one raw response kept from a servicefp */
#define VS_MAX_NMAP_BROADCAST 64 /* broadcast script outputs read from one nmap file */
#define VS_MAX_NMAP_BROADCAST_HOSTS 4096 /* hosts those outputs name, all scripts together */
#define VS_MAX_SWITCH_ROWS (4 * 65536)  /* snmpwalk table rows (FDB, LLDP, ifName) kept from one walk; more is refused */
#define VS_MAX_ZEEK_LINE (1024 * 1024) /* bytes of one Zeek log line (a record, a header) */
#define VS_MAX_ZEEK_COLUMNS 512 /* columns one Zeek log header (#fields) names; conn.log has 22 */
#define VS_MAX_SOFTWARE_INPUT (64 * 1024 * 1024) /* bytes of a package list (or stdin) read whole */
#define VS_MAX_SOFTWARE_JSON (32 * 1024 * 1024)  /* bytes of a winget export or SBOM (jansson keeps ~10x) */
#define VS_MAX_SOFTWARE_LINE (64 * 1024)   /* bytes in one dpkg/rpm line */
#define VS_MAX_SOFTWARE_FIELD (64 * 1024)  /* bytes in one JSON name/version/publisher, as VS_MAX_CSV_FIELD */
#define VS_MAX_SBOM_DEPTH 32               /* CycloneDX components nested in components */
#define VS_MAX_CLOUD_SUFFIXES 100000       /* rows in clouds.tsv (shipped: a few dozen) */
#define VS_MAX_DNS_NAME 253                /* characters in a DNS name, without the final dot (RFC 1035 2.3.4) */
#define VS_MAX_SCOPE_ITEMS 64              /* asset types or model prefixes in one scope of the kb */
#define VS_MAX_FINGERPRINTS 10000          /* rows in kb/fingerprints.tsv (shipped: a few dozen) */
#define VS_FP_MATCH_LIMIT 100000           /* PCRE2 match limit per banner and fingerprint */
#define VS_MAX_STATUS_NOTE 4096           /* bytes of a status change's note or exempt reason */
#define VS_MAX_STATUS_USER 256            /* bytes of the user name a status change records */
#define VS_FP_DEPTH_LIMIT 1000             /* PCRE2 backtracking depth per banner and fingerprint */
#define VS_MAX_SENSOR_NAME 63             /* bytes of a sensor's role name (PostgreSQL's NAMEDATALEN - 1) */
#define VS_MAX_SITE 64                     /* bytes of a sensor's site name */

/* Active scan: what one run may touch and how hard it may knock. */
#define VS_MAX_SCAN_TARGETS 65536      /* addresses in one scope (a /16); refused above */
#define VS_SCAN_DEFAULT_PPS 300        /* packets (and connection attempts) per second, all hosts */
#define VS_SCAN_MAX_PPS 100000         /* --rate ceiling */
#define VS_SCAN_HOST_PPS 50            /* per target host: an embedded camera is not a server */
#define VS_SCAN_HOST_BURST 8           /* sends to one host back to back before its rate applies */
#define VS_SCAN_MAX_REPLY 16384        /* bytes of one reply kept for the dissectors */
#define VS_SCAN_MAX_REPLIES 1000000    /* replies kept in one scan; later ones are counted */
#define VS_SCAN_MAX_CONNS 128          /* TCP probes in flight at once */
#define VS_SCAN_MAX_URL 1024           /* bytes of an SSDP LOCATION URL followed */

/* Passive capture: memory grows with devices, never with packets. */
#define VS_MAX_CAPTURE_DEVICES 65536   /* MACs tracked in one capture; later ones are counted, not kept */
#define VS_MAX_DEVICE_OBS 64           /* distinct {method, field, value} kept per device */
#define VS_MAX_OBS_VALUE 256           /* bytes of one observed value; longer ones are cut and say so */
#define VS_MAX_DEVICE_ADDRS 16         /* IPv4/IPv6 addresses kept per device */
#define VS_MAX_DEVICE_PEERS 256        /* external peers kept per device */
#define VS_MAX_DEVICE_NAMES 128        /* DNS answers (name -> address) kept per device */
#define VS_MAX_DEVICE_QUERIES 64       /* DNS names queried with no answer yet, kept per device */
#define VS_MAX_CAPTURE_ADDRS 262144    /* address -> device bindings in one capture */
#define VS_MAX_CAPTURE_FLOWS 65536     /* TCP flows whose first segments are dissected */
#define VS_TCP_SEGMENTS_PER_DIR 4      /* data segments dissected per flow direction */
#define VS_MAX_REASM_FLOWS 256         /* flow directions reassembling a head at once; the oldest is dissected and dropped */
#define VS_REASM_HEAD_MAX 8192         /* bytes of an HTTP/RTSP/SIP head reassembled */
#define VS_REASM_TLS_MAX 16384         /* bytes of a TLS stream reassembled, up to the Certificate */
#define VS_MAX_CAPTURE_SNAPLEN 262144  /* bytes of one frame handed to the dissectors */
#define VS_MAX_PCAPNG_INTERFACES 256   /* interfaces of one pcapng section read in place; more go to libpcap */

/* Writers on one store (store/store.h, store_begin): how often a writer
 * that found another holding the store (SQLite BUSY after its 5 s wait,
 * PostgreSQL serialization failure or deadlock) starts its transaction
 * again before it gives up. */
#define VS_STORE_BEGIN_TRIES 120

/* Bytes of bulk rows (PostgreSQL COPY, store/db_pg.c) gathered before they
 * are handed to libpq: one call per chunk rather than per row. */
#define VS_PG_COPY_CHUNK (64 * 1024)
/* Statements a PostgreSQL connection keeps prepared by their SQL text
 * (store/db_pg.c); past that the least recently used is deallocated. */
#define VS_PG_STMT_CACHE 64
/* Writes a PostgreSQL connection sends before it reads their results
 * (pipeline mode, store/db_pg.c): bounds the results waiting in the
 * server's socket buffer. */
#define VS_PG_PIPELINE 256

/* vendorscope serve: what one client may ask of the web server. */
#define VS_SERVE_MAX_BODY (64 * 1024)      /* bytes of a request body (a form, a JSON status change); 413 above */
#define VS_SERVE_CONN_MEMORY (32 * 1024)   /* bytes libmicrohttpd may use per connection: the request line and headers must fit (else 431/414) */
#define VS_SERVE_IDLE_TIMEOUT 10           /* seconds a connection may send nothing before it is closed */
#define VS_SERVE_REQUEST_DEADLINE 20       /* seconds from a connection's start (or its last answer) to a complete request: a client trickling a byte at a time (slowloris) is cut off */
#define VS_SERVE_MAX_CONNS 1024            /* connections at once; more are refused at accept */
#define VS_SERVE_MAX_THREADS 64            /* --threads ceiling */
#define VS_SERVE_MAX_SESSIONS 10000        /* logged-in sessions kept; the oldest goes first */
#define VS_SERVE_SESSION_SECONDS (8 * 3600) /* a session's lifetime since login */
#define VS_SERVE_MAX_USERS_FILE (1024 * 1024) /* bytes of a users file */
#define VS_SERVE_MAX_USERS 10000           /* users and tokens in one users file */
#define VS_SERVE_MAX_PAGE 1000             /* rows one /api/v1/assets page returns (limit=) */
#define VS_SERVE_DEFAULT_PAGE 100          /* rows a page returns without limit= */
#define VS_SERVE_MAX_QUERY 256             /* bytes of a search string (q=) */
#define VS_SERVE_CACHE_ENTRIES 256         /* cacheable responses kept (aggregates: the overview, groups, plans) */
#define VS_SERVE_CACHE_ENTRY (4 * 1024 * 1024) /* bytes of one cached body; a larger one is not kept */
#define VS_SERVE_CACHE_CLAIMS 16           /* keys being computed at once that others wait for (serve/cache.c) */
#define VS_SERVE_CACHE_CLAIM_KEY 256       /* bytes of such a key; a longer one is computed by each thread that misses */
#define VS_SERVE_MMAP_SIZE_SQL "1073741824" /* bytes of the store each server thread maps (address space, not memory) */
#define VS_SERVE_CACHE_KIB_SQL "16384"     /* KiB of SQLite page cache per server thread */
/* Failed logins (serve/throttle.c): each try costs an Argon2id hash on a
 * server thread, so tries are counted per user name and per client
 * address (an IPv6 client by its /64) before hashing. A key may try BURST
 * times at once, then once every INTERVAL; past that the login answers
 * 429 with Retry-After. A success forgets the user name's count. */
#define VS_SERVE_LOGIN_USER_BURST 5           /* tries of one user name at once */
#define VS_SERVE_LOGIN_USER_INTERVAL_MS 12000 /* then one every 12 s (5 a minute) */
#define VS_SERVE_LOGIN_ADDR_BURST 20          /* tries from one address at once (an office behind one NAT) */
#define VS_SERVE_LOGIN_ADDR_INTERVAL_MS 3000  /* then one every 3 s */
#define VS_SERVE_THROTTLE_SLOTS 4096          /* names and addresses counted (16 bytes each); a full table forgets the nearest to its full allowance */
#define VS_SERVE_THROTTLE_PROBE 8             /* slots one key may occupy (open addressing) */

/* Recovery files (import/recovery.h): a capture or scan the store refused. */
#define VS_MAX_RECOVERY_LINE (4 * 1024 * 1024)    /* bytes of one device line (a full sighting is ~200 KiB) */
#define VS_MAX_RECOVERY_FILE (1024 * 1024 * 1024) /* bytes of one recovery file, read whole */

/* The pages of vendorscope serve (serve/pages*.c). */
#define VS_PAGES_PAGE_SIZE 100            /* register rows per page */
#define VS_PAGES_COUNT_CAP 10000          /* matching rows counted exactly; past it the page says "more than" */

/*
 * Where a cap is reached, the output says so: capture and scan print a
 * note on stderr for VS_MAX_CAPTURE_DEVICES (frames not tracked),
 * VS_MAX_CAPTURE_ADDRS, VS_MAX_CAPTURE_FLOWS, VS_SCAN_MAX_REPLIES and the
 * per-device caps (VS_MAX_DEVICE_OBS, _ADDRS, _PEERS, _NAMES: "N devices
 * showed more than is kept"); every other limit here refuses its input with
 * VS_ETOOBIG naming the limit.
 *
 * Caps that belong to one parser stay in its header beside the format
 * they bound, and the parser counts what it drops: PROTO_HTTP_MAX_HEADERS,
 * PROTO_HTTP_MAX_HEAD (proto/http.h), PROTO_DNS_MAX_Q, PROTO_DNS_MAX_RR,
 * PROTO_DNS_MAX_HOPS, PROTO_DNS_NAME_MAX (proto/dns.h), PROTO_SNMP_MAX_VARBINDS
 * (proto/snmp.h), PROTO_TCP_MAX_OPTS (proto/l4.h), PROTO_ETH_MAX_TAGS
 * (proto/eth.h), PROTO_XML_MAX_BYTES, PROTO_XML_MAX_DEPTH (proto/xml.h),
 * PROTO_JSON_MAX_BYTES (proto/jsonf.h), RECOG_MAX_PARAMS (identify/recog.h),
 * TSV_MAX_COLS (util/tsv.h), PRICES_MAX_ROWS (plan/prices.h), PRICES_MAX_FILE,
 * PRICES_MAX_FIELDS (plan/prices.c), ROUND_MAX_ROWS,
 * ROUND_MAX_COLS (plan/round.h), TABLE_MAX_COLS (report/table.h),
 * GROUP_MAX_FIELDS (store/query_groups.h; --by refuses more).
 */

#endif

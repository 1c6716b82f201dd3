/*
 * The floor for any tool that reads a capture through libpcap: open the
 * file, fetch every record with pcap_next_ex, touch one byte of each (so
 * nothing is optimised away), nothing else. bench/capture/run.sh builds it
 * and times it beside cat, p0f, tshark and vendorscope.
 */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: pcapwalk FILE\n");
		return 64;
	}
	char ebuf[PCAP_ERRBUF_SIZE];
	pcap_t *pc = pcap_open_offline(argv[1], ebuf);
	if (!pc) {
		fprintf(stderr, "pcapwalk: %s\n", ebuf);
		return 66;
	}
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned long long frames = 0, sum = 0;
	int rc;
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		frames++;
		sum += h->caplen ? data[0] : 0;
	}
	pcap_close(pc);
	printf("%llu frames (checksum %llu)\n", frames, sum);
	return rc == PCAP_ERROR_BREAK ? 0 : 65;
}

#!/usr/bin/env python3
# Loss and delay for the network tests, where the kernel has no netem: an NFQUEUE listener (pure
# Python, raw netlink, no library) that drops a share of the packets iptables queues to it and holds
# the others for a delay with jitter before accepting them. Run inside the test's network namespace:
#   impair.py QUEUE LOSS DELAY_MS JITTER_MS MAX_SECONDS
# LOSS is a fraction (0.1 = 10 %); each packet waits DELAY_MS ± JITTER_MS (uniform, chosen per
# packet, so packets may overtake each other as with netem). It exits after MAX_SECONDS at most, or
# on SIGTERM; the iptables rule uses --queue-bypass, so packets pass unharmed once it is gone.
import heapq, os, random, select, signal, socket, struct, sys, time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
MSG_PACKET, MSG_VERDICT, MSG_CONFIG = 0, 1, 2
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
CFG_CMD, CFG_PARAMS, CFG_QUEUE_MAXLEN, CFG_MASK, CFG_FLAGS = 1, 2, 3, 4, 5
CMD_BIND = 1
COPY_META = 1
F_FAIL_OPEN = 1
PACKET_HDR = 1
VERDICT_HDR = 2
NF_DROP, NF_ACCEPT = 0, 1


def attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack('=HH', length, kind) + payload + b'\0' * ((4 - length % 4) % 4)


def message(kind, queue, attrs, seq, flags=NLM_F_REQUEST):
    # nfgenmsg: family (AF_UNSPEC), version 0, the queue number (big-endian).
    body = struct.pack('=BBH', socket.AF_UNSPEC, 0, socket.htons(queue)) + b''.join(attrs)
    return struct.pack('=IHHII', 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | kind, flags, seq, 0) + body


def main():
    queue, loss, delay_ms, jitter_ms, max_seconds = (
        int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]))
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.bind((0, 0))
    seq = 1
    config = [
        message(MSG_CONFIG, queue, [attr(CFG_CMD, struct.pack('!BBH', CMD_BIND, 0, 0))], seq, NLM_F_REQUEST | NLM_F_ACK),
        message(MSG_CONFIG, queue, [attr(CFG_PARAMS, struct.pack('!IB', 0, COPY_META))], seq + 1, NLM_F_REQUEST | NLM_F_ACK),
        message(MSG_CONFIG, queue, [attr(CFG_QUEUE_MAXLEN, struct.pack('!I', 16384))], seq + 2, NLM_F_REQUEST | NLM_F_ACK),
        # A full queue accepts rather than drops: the loss asked for is the only loss added.
        message(MSG_CONFIG, queue, [attr(CFG_MASK, struct.pack('!I', F_FAIL_OPEN)),
                                    attr(CFG_FLAGS, struct.pack('!I', F_FAIL_OPEN))], seq + 3, NLM_F_REQUEST | NLM_F_ACK),
    ]
    for m in config:
        sock.send(m)
        reply = sock.recv(65536)
        kind = struct.unpack_from('=H', reply, 4)[0]
        if kind == NLMSG_ERROR and struct.unpack_from('=i', reply, 16)[0] != 0:
            sys.exit('impair.py: netlink refused the queue config: %d' % struct.unpack_from('=i', reply, 16)[0])
    seq += len(config)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    sys.stdout.write('ready\n')
    sys.stdout.flush()
    held = []  # (release time, order, packet id)
    order = 0
    deadline = time.monotonic() + max_seconds
    counts = {'seen': 0, 'dropped': 0}

    def verdict(packet_id, value):
        sock.send(message(MSG_VERDICT, queue, [attr(VERDICT_HDR, struct.pack('!II', value, packet_id))], 0))

    while not stopping and time.monotonic() < deadline:
        now = time.monotonic()
        while held and held[0][0] <= now:
            verdict(heapq.heappop(held)[2], NF_ACCEPT)
        timeout = max(0.0, min(held[0][0] - now if held else 0.05, 0.05))
        try:
            ready, _, _ = select.select([sock], [], [], timeout)
        except InterruptedError:
            continue
        if not ready:
            continue
        data = sock.recv(1 << 20)
        offset = 0
        while offset + 16 <= len(data):
            length, kind = struct.unpack_from('=IH', data, offset)
            if length < 16:
                break
            if kind == (NFNL_SUBSYS_QUEUE << 8) | MSG_PACKET:
                pos = offset + 20
                while pos + 4 <= offset + length:
                    alen, atype = struct.unpack_from('=HH', data, pos)
                    if alen < 4:
                        break
                    if atype & 0x7fff == PACKET_HDR:
                        packet_id = struct.unpack_from('!I', data, pos + 4)[0]
                        counts['seen'] += 1
                        if random.random() < loss:
                            counts['dropped'] += 1
                            verdict(packet_id, NF_DROP)
                        else:
                            wait = max(0.0, delay_ms + random.uniform(-jitter_ms, jitter_ms)) / 1000
                            order += 1
                            heapq.heappush(held, (time.monotonic() + wait, order, packet_id))
                    pos += (alen + 3) & ~3
            offset += (length + 3) & ~3
    for _, _, packet_id in held:
        verdict(packet_id, NF_ACCEPT)
    sys.stderr.write('impair.py: %(seen)d packets, %(dropped)d dropped\n' % counts)


if __name__ == '__main__':
    main()

package org.dsp.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.model.Endpoint;
import org.dsp.model.Protocol;
import org.dsp.model.TenantDocument;
import org.dsp.semantics.Connection;
import org.dsp.semantics.DirectionDecision;
import org.dsp.semantics.PolicyOracle;
import org.onlab.packet.IpAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dsp expect}: what the document says about connections between its workloads, from the
 * reference semantics (no compile). One tab-separated line per workload pair and service:
 * tenant, source, destination, service, allow|deny|reject, egress decision, ingress decision.
 */
@Command(name = "expect", mixinStandardHelpOptions = true,
        description = "Print the allowed/blocked matrix a tenant document defines between its workloads.")
public final class ExpectCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, required = true, description = "Tenant document (JSON).")
    Path file;

    @Option(names = {"-s", "--service"}, required = true,
            description = "Service to check: tcp/PORT, udp/PORT or icmp; repeatable.")
    List<String> services = new ArrayList<>();

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        TenantDocument doc;
        try {
            doc = TenantDocumentCodec.decode(Files.readString(file, StandardCharsets.UTF_8));
        } catch (InvalidDocumentException e) {
            err.println(e.getMessage());
            return DspCli.EXIT_INVALID;
        }
        PolicyOracle oracle = new PolicyOracle(doc);
        for (Endpoint src : doc.endpoints().values()) {
            for (Endpoint dst : doc.endpoints().values()) {
                if (src == dst) {
                    continue;
                }
                for (String s : services) {
                    String[] parts = s.split("/");
                    Protocol proto = Protocol.parse(parts[0]);
                    if (proto == null || proto == Protocol.ANY || (proto != Protocol.ICMP && parts.length != 2)) {
                        err.println("dsp expect: bad --service '" + s + "'; use tcp/PORT, udp/PORT or icmp");
                        return 2;
                    }
                    int port = proto == Protocol.ICMP ? 0 : Integer.parseInt(parts[1]);
                    IpAddress a = first4(src);
                    IpAddress b = first4(dst);
                    if (a == null || b == null) {
                        continue;
                    }
                    Connection c = Connection.of(a, b, proto, port);
                    DirectionDecision e = oracle.egress(c);
                    DirectionDecision i = oracle.ingress(c);
                    String verdict = !e.allowed() ? e.action().wireName() : i.action().wireName();
                    out.println(String.join("\t", doc.tenantId(), src.name(), dst.name(), s, verdict,
                            e.toString(), i.toString()));
                }
            }
        }
        return 0;
    }

    private static IpAddress first4(Endpoint e) {
        for (IpAddress a : e.addresses()) {
            if (a.isIp4()) {
                return a;
            }
        }
        return null;
    }
}

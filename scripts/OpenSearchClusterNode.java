// One node of a multi-JVM OpenSearch cluster, started with the codelibs runner (scripts/services.py,
// OpenSearchCluster). The runner alone makes a one-node JVM a single-node cluster and names every
// node "Node 1"; this launcher passes the cluster settings through the runner's onBuild hook, which
// wins over the runner's defaults:
//
//   java -cp 'lib/*' OpenSearchClusterNode.java <runner options> -- key=value ...
//
// A value with commas becomes a list (discovery.seed_hosts=a,b,c). Runs until the process is
// stopped; a shutdown hook closes the node.
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.codelibs.opensearch.runner.OpenSearchRunner;

public class OpenSearchClusterNode {
    public static void main(String[] args) throws Exception {
        int split = Arrays.asList(args).indexOf("--");
        String[] runnerArgs = split < 0 ? args : Arrays.copyOfRange(args, 0, split);
        List<String[]> settings = new ArrayList<>();
        if (split >= 0) {
            for (String pair : Arrays.copyOfRange(args, split + 1, args.length)) {
                settings.add(pair.split("=", 2));
            }
        }
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.onBuild((index, builder) -> {
            for (String[] pair : settings) {
                if (pair[1].contains(",")) {
                    builder.putList(pair[0], pair[1].split(","));
                } else {
                    builder.put(pair[0], pair[1]);
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        try {
            runner.build(runnerArgs);
        } catch (Exception e) {
            e.printStackTrace();  // the plain runner exits without saying why
            System.exit(1);
        }
        while (!runner.isClosed()) {
            Thread.sleep(5000);
        }
    }
}

package io.aya.cluster;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A cluster member in its own JVM, for tests that kill a member outright ({@link Process#destroyForcibly()}).
 * Arguments: node name, port, comma-separated member list ({@code -} for none), probe redundancy, optionally
 * a state directory. Shares one observation of its own, prints {@code READY host:port}, then answers one
 * command per line on standard input until it closes:
 * <ul>
 *   <li>{@code PROBES key...} prints {@code PROBES} and one {@code 1}/{@code 0} per key
 *       ({@link ClusterNode#probesLocally(String)});
 *   <li>{@code MEMBERS} prints {@code MEMBERS} and the live member count.
 * </ul>
 * Log lines go to standard output too; the test reads only lines that start with these words.
 */
public final class ClusterMemberMain {
  private ClusterMemberMain() {}

  public static void main(String[] args) throws Exception {
    List<String> members = args[2].equals("-") ? List.of() : Arrays.asList(args[2].split(","));
    ClusterConfig config = Nodes.config(args[0], Integer.parseInt(args[1]), members, Integer.parseInt(args[3]),
        args.length > 4 ? Path.of(args[4]) : null);
    try (ClusterNode node = ClusterNode.start(config)) {
      node.putObservation(new Observation("external@192.0.2.99", node.nodeName(), true,
          System.currentTimeMillis(), "from another JVM"));
      System.out.println("READY " + node.address());
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] words = line.trim().split("\\s+");
        StringBuilder reply = new StringBuilder(words[0]).append(' ');
        if (words[0].equals("PROBES")) {
          for (int i = 1; i < words.length; i++) {
            reply.append(node.probesLocally(words[i]) ? '1' : '0');
          }
        } else if (words[0].equals("MEMBERS")) {
          reply.append(node.memberCount());
        } else {
          reply.append("unknown command");
        }
        System.out.println(reply);
        System.out.flush();
      }
    }
  }
}

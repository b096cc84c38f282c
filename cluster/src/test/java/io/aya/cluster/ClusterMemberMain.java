package io.aya.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A cluster member in its own JVM for tests that kill a member with {@code kill -9}. Arguments: node name,
 * port, comma-separated member list, probe redundancy. Shares one observation of its own, prints
 * {@code READY} and runs until its standard input closes.
 */
public final class ClusterMemberMain {
  private ClusterMemberMain() {}

  public static void main(String[] args) throws IOException {
    List<String> members = Arrays.asList(args[2].split(","));
    ClusterConfig config = Nodes.config(args[0], Integer.parseInt(args[1]), members, Integer.parseInt(args[3]),
        args.length > 4 ? Path.of(args[4]) : null);
    try (ClusterNode node = ClusterNode.start(config)) {
      node.putObservation(new Observation("external@192.0.2.99", node.nodeName(), true,
          System.currentTimeMillis(), "from another JVM"));
      System.out.println("READY " + node.address());
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the parent closes our stdin or kills us
      }
    }
  }
}

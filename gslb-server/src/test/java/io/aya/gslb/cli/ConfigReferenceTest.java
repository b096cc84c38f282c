package io.aya.gslb.cli;

import io.aya.gslb.config.ConfigLoader;
import io.aya.gslb.config.ServerConfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * docs/configuration.md is the complete reference: its settings table lists exactly the keys the config file
 * accepts and the flags {@code aya serve} takes, and its example loads.
 */
class ConfigReferenceTest {
  private static final Path DOC = Path.of("..", "docs", "configuration.md");
  private static final Pattern ROW = Pattern.compile("(?m)^\\| (`[a-z0-9-]+`|—) \\| (`--[a-z0-9-]+`|—) \\|");

  private static String doc() throws Exception {
    return Files.readString(DOC);
  }

  private static String settingsSection() throws Exception {
    String d = doc();
    int start = d.indexOf("\n## Settings\n");
    int end = d.indexOf("\n## ", start + 1);
    assertThat(start).as("a '## Settings' section").isPositive();
    return d.substring(start, end < 0 ? d.length() : end);
  }

  private static Set<String> documented(int column) throws Exception {
    Set<String> out = new TreeSet<>();
    Matcher m = ROW.matcher(settingsSection());
    while (m.find()) {
      String cell = m.group(column);
      if (!cell.equals("—")) {
        out.add(cell.substring(1, cell.length() - 1));
      }
    }
    return out;
  }

  @Test
  void everyConfigFileKeyIsDocumentedAndEveryDocumentedKeyExists() throws Exception {
    Set<String> keys = new TreeSet<>();
    for (Field f : ConfigLoader.Settings.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      JsonProperty p = f.getAnnotation(JsonProperty.class);
      keys.add(p != null ? p.value() : f.getName());
    }
    assertThat(documented(1)).isEqualTo(keys);
  }

  @Test
  void everyServeFlagIsDocumentedAndEveryDocumentedFlagExists() throws Exception {
    Set<String> flags = new TreeSet<>();
    CommandLine serve = Main.commandLine().getSubcommands().get("serve");
    for (CommandLine.Model.OptionSpec o : serve.getCommandSpec().options()) {
      if (!o.usageHelp() && !o.versionHelp()) {
        flags.add(o.longestName());
      }
    }
    assertThat(documented(2)).isEqualTo(flags);
  }

  @Test
  void theDocumentedExampleLoads(@TempDir Path dir) throws Exception {
    Matcher m = Pattern.compile("(?s)## Example.*?```json\\n(.*?)```").matcher(doc());
    assertThat(m.find()).isTrue();
    Path file = dir.resolve("aya.json");
    Files.writeString(file, m.group(1));
    Files.writeString(dir.resolve("admin-token"), "0123456789abcdef0123\n");
    Files.writeString(dir.resolve("cluster-secret"), "correct horse battery staple\n");
    String text = m.group(1).replace("/etc/aya/admin-token", dir.resolve("admin-token").toString())
        .replace("/etc/aya/cluster-secret", dir.resolve("cluster-secret").toString());
    Files.writeString(file, text);
    ServerConfig c = ConfigLoader.load(file, new ConfigLoader.Settings(), name -> null);
    assertThat(c.cluster().nodeName()).isEqualTo("ns1-iad");
    assertThat(c.health().tuning().loadTtl()).hasSeconds(120);
    assertThat(c.health().tuning().lowWatermark()).isEqualTo(0.7);
  }
}

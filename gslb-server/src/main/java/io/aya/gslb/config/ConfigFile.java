package io.aya.gslb.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.aya.cluster.IoMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON config file into {@link ConfigLoader.Settings}: unknown settings, values of the wrong kind and
 * broken JSON are refused as {@code file:line: message} in the config file's words (the known settings listed,
 * "expected a whole number"...).
 */
final class ConfigFile {
  private ConfigFile() {}

  /** @throws IllegalArgumentException {@code file:line: message}, or {@code file: cannot read: reason} */
  static ConfigLoader.Settings read(Path configFile) {
    ObjectMapper m = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try {
      ConfigLoader.Settings s = m.readValue(Files.readAllBytes(configFile), ConfigLoader.Settings.class);
      if (s == null) {
        throw new IllegalArgumentException(configFile + ":1: expected a JSON object of settings");
      }
      return s;
    } catch (UnrecognizedPropertyException e) {
      List<String> known = new ArrayList<>();
      for (Object k : e.getKnownPropertyIds()) {
        known.add(String.valueOf(k));
      }
      known.sort(null);
      throw new IllegalArgumentException(configFile + ":" + line(e) + ": unknown setting '" + e.getPropertyName()
          + "' (expected one of: " + String.join(", ", known) + ")");
    } catch (MismatchedInputException e) {
      String setting = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
      throw new IllegalArgumentException(configFile + ":" + line(e) + ": "
          + (setting == null ? "expected a JSON object of settings"
              : setting + ": " + expected(setting.equals("cluster-members") ? List.class : e.getTargetType())));
    } catch (JsonMappingException e) {
      String setting = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
      throw new IllegalArgumentException(configFile + ":" + line(e) + ": "
          + (setting == null ? "" : setting + ": ") + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(configFile + ":" + line(e) + ": not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException(configFile + ": cannot read: " + IoMessages.reason(e));
    }
  }

  /** What a setting of this Java type takes, in the words of the config file. */
  private static String expected(Class<?> type) {
    if (type == null) {
      return "wrong kind of value";
    }
    if (type == Double.class || type == double.class) {
      return "expected a number";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "expected a whole number";
    }
    if (List.class.isAssignableFrom(type)) {
      return "expected a list of strings, or one string of values separated by commas";
    }
    if (type == String.class) {
      return "expected a string";
    }
    return "wrong kind of value (expected: " + type.getSimpleName() + ")";
  }

  private static int line(JsonProcessingException e) {
    return e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
  }
}

package io.tandem.hardware.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The enclosure kept in {@code <hardware.sim.dir>/enclosure.json}. A change is made under an
 * exclusive lock ({@code enclosure.lock}: a file lock between processes, such as {@code tandem
 * sim} and the service, plus a lock between threads of one process) and written to a temporary
 * file, forced, then renamed over the old one, so a reader sees the old or the new enclosure,
 * never half of one. Reading needs no lock.
 */
public final class EnclosureStore {
  /** The file name in the folder. */
  public static final String FILE = "enclosure.json";
  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
  private static final ObjectMapper JSON = mapper();

  private final Path dir;

  public EnclosureStore(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /** The folder. */
  public Path dir() {
    return dir;
  }

  /** {@code enclosure.json}. */
  public Path file() {
    return dir.resolve(FILE);
  }

  /** True once {@code tandem sim init} made the enclosure. */
  public boolean exists() {
    return Files.isRegularFile(file());
  }

  /** The enclosure as last written. */
  public Enclosure read() throws IOException {
    try {
      return JSON.readValue(file().toFile(), Enclosure.class);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new NoSuchFileException(file().toString(), null,
          "no simulated enclosure here: run 'tandem sim init' first");
    }
  }

  /** Something done with the enclosure under the lock. */
  @FunctionalInterface
  public interface Locked<T> {
    T run() throws IOException;
  }

  /** Runs {@code action} holding the lock (between processes and threads). */
  public <T> T locked(Locked<T> action) throws IOException {
    Files.createDirectories(dir);
    ReentrantLock threads = IN_PROCESS.computeIfAbsent(dir, d -> new ReentrantLock());
    threads.lock();
    try (FileChannel channel = FileChannel.open(dir.resolve("enclosure.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      return action.run();
    } finally {
      threads.unlock();
    }
  }

  /** Writes {@code enclosure} (temporary file, force, rename); call it holding the lock. */
  public void write(Enclosure enclosure) throws IOException {
    Files.createDirectories(dir);
    Path temp = dir.resolve(FILE + ".tmp");
    byte[] bytes = JSON.writeValueAsBytes(enclosure);
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(java.nio.ByteBuffer.wrap(bytes));
      out.force(true);
    }
    Files.move(temp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The JSON text of {@code enclosure}, as the file holds it. */
  static String json(Enclosure enclosure) throws IOException {
    return JSON.writeValueAsString(enclosure);
  }

  private static ObjectMapper mapper() {
    SimpleModule times = new SimpleModule("instants");
    times.addSerializer(Instant.class, new JsonSerializer<>() {
      @Override
      public void serialize(Instant value, JsonGenerator out, SerializerProvider provider)
          throws IOException {
        out.writeString(value.toString());
      }
    });
    times.addDeserializer(Instant.class, new JsonDeserializer<>() {
      @Override
      public Instant deserialize(JsonParser in, DeserializationContext context)
          throws IOException {
        return Instant.parse(in.getValueAsString());
      }
    });
    return new ObjectMapper().registerModule(times)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}

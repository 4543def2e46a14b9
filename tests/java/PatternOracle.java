// The referee for pattern translation: java.util.regex, the engine model patterns are
// written for. Reads lines of `hex(pattern) TAB hex(value)` (UTF-8) and prints 1 or 0 per
// line for Matcher.find(), which is how an unanchored model pattern applies.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

public class PatternOracle {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Map<String, Pattern> cache = new HashMap<>();
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.split("\t", -1);
            Pattern pattern = cache.computeIfAbsent(decode(parts[0]), Pattern::compile);
            out.append(pattern.matcher(decode(parts[1])).find() ? '1' : '0').append('\n');
        }
        System.out.print(out);
    }

    private static String decode(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

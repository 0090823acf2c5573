package org.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Steering indexes from names: distinct, 1-255, whatever the order of the chains and instances; a
 * key added moves no key that sorts before it, and few after it (only where its index was another's
 * first choice or on its way).
 */
class SteeringIndexesTest {
    static List<String> keys(Random rnd, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("x-" + i + "-" + rnd.nextInt(1000));
        }
        return out;
    }

    @Test
    void everyKeyGetsItsOwnIndexFrom1To255InAnyOrder() {
        List<String> all = keys(new Random(1), 255);
        Map<String, Integer> a = SteeringIndexes.assign(all);
        assertEquals(255, new HashSet<>(a.values()).size());
        assertTrue(a.values().stream().allMatch(i -> i >= 1 && i <= 255));
        List<String> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(2));
        assertEquals(a, SteeringIndexes.assign(shuffled));
        List<String> more = new ArrayList<>(all);
        more.add("one/too/many");
        assertThrows(IllegalArgumentException.class, () -> SteeringIndexes.assign(more));
    }

    @Test
    void aKeyAddedMovesNoKeyBeforeItAndFewAfterIt() {
        Random rnd = new Random(3);
        int moved = 0;
        int trials = 1000;
        for (int t = 0; t < trials; t++) {
            List<String> before = keys(rnd, 60);
            String added = "x-" + rnd.nextInt(60) + "-new-" + t; // sorted among the others
            Map<String, Integer> a = SteeringIndexes.assign(before);
            List<String> after = new ArrayList<>(before);
            after.add(added);
            Map<String, Integer> b = SteeringIndexes.assign(after);
            for (String k : before) {
                if (!a.get(k).equals(b.get(k))) {
                    assertTrue(k.compareTo(added) > 0, "only a key sorted after the one added moves: " + k + " / " + added);
                    moved++;
                }
            }
        }
        // with indexes by position, every instance after the one added moved: about half of them, 30 per trial
        assertTrue(moved < trials / 5, moved + " keys moved in " + trials + " additions to 60 keys");
    }
}

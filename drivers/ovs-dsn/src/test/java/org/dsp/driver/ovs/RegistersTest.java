package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistersTest {
    @Test
    void noTwoFieldsShareABit() {
        List<RegField> all = Registers.ALL;
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                assertFalse(all.get(i).overlaps(all.get(j)), all.get(i) + " overlaps " + all.get(j));
            }
        }
    }

    @Test
    void everyDeclaredFieldIsListed() throws IllegalAccessException {
        List<RegField> declared = new ArrayList<>();
        for (Field f : Registers.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == RegField.class) {
                declared.add((RegField) f.get(null));
            }
        }
        assertEquals(new HashSet<>(declared), new HashSet<>(Registers.ALL));
    }

    @Test
    void overlapDetectionWorks() {
        RegField a = new RegField("a", RegField.Container.REG1, 0, 3);
        assertTrue(a.overlaps(new RegField("b", RegField.Container.REG1, 3, 5)));
        assertFalse(a.overlaps(new RegField("c", RegField.Container.REG1, 4, 5)));
        assertFalse(a.overlaps(new RegField("d", RegField.Container.REG2, 0, 3)));
    }

    @Test
    void stageTablesAreUniqueAndInPacketOrder() {
        Set<Integer> seen = new HashSet<>();
        int last = Table.CT_STATE.number();
        for (Table t : TablePlan.standard().stageTables()) {
            assertTrue(seen.add(t.number()));
            assertTrue(t.number() > last, "stage tables in packet order: " + t);
            last = t.number();
            assertNotNull(Table.byNumber(t.number()));
        }
        assertTrue(last < Table.OUTPUT.number());
    }
}

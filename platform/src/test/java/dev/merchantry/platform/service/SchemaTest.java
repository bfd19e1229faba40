package dev.merchantry.platform.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schema builder renders JSON Schema 2020-12 that accepts what it declares and refuses the rest. */
class SchemaTest {

    private static final Schema ITEM = Schema.object("Item")
            .required("id", Schema.string())
            .optional("price", Schema.number().min(0).nullable());
    private static final Schema PAGE = Schema.object()
            .required("items", Schema.array(ITEM))
            .required("next", Schema.string().nullable())
            .optional("mode", Schema.enumOf("a", "b").nullable())
            .optional("extra", ITEM.nullable());

    @Test
    void objectsAreClosedAndListTheirRequiredProperties() {
        JsonObject item = ITEM.toJson();
        assertEquals(false, item.getValue("additionalProperties"));
        assertEquals(new JsonArray().add("id"), item.getJsonArray("required"));
        assertEquals(new JsonArray().add("number").add("null"),
                item.getJsonObject("properties").getJsonObject("price").getJsonArray("type"));
        assertFalse(ITEM.open().toJson().containsKey("additionalProperties"));
        assertFalse(ITEM.allOptional().toJson().containsKey("required"));
        assertEquals(new JsonArray().add("a").add("b").addNull(),
                PAGE.toJson().getJsonObject("properties").getJsonObject("mode").getJsonArray("enum"));
        assertEquals(new JsonObject().put("type", "object").put("additionalProperties", new JsonObject().put("type",
                "integer")), Schema.map(Schema.integer()).toJson());
    }

    @Test
    void namedSchemasAreRenderedOnceAndReferenced() {
        Map<String, JsonObject> components = new TreeMap<>();
        JsonObject page = PAGE.toJson("#/components/schemas/", components);
        assertEquals("#/components/schemas/Item", page.getJsonObject("properties").getJsonObject("items")
                .getJsonObject("items").getString("$ref"));
        JsonArray nullableRef = page.getJsonObject("properties").getJsonObject("extra").getJsonArray("anyOf");
        assertEquals("#/components/schemas/Item", nullableRef.getJsonObject(0).getString("$ref"));
        assertEquals("null", nullableRef.getJsonObject(1).getString("type"));
        assertEquals(Map.of("Item", ITEM.inline().toJson()), components);
    }

    @Test
    void theRenderedSchemaAcceptsWhatItDeclaresAndRefusesTheRest() {
        Validator validator = Validator.create(JsonSchema.of(PAGE.toJson()), new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012).setBaseUri("https://merchantry.dev/").setOutputFormat(OutputFormat.Basic));
        JsonObject good = new JsonObject().put("items", new JsonArray().add(new JsonObject().put("id", "p1")
                .put("price", 2.5)).add(new JsonObject().put("id", "p2").putNull("price"))).putNull("next")
                .put("mode", "a");
        assertTrue(validator.validate(good).getValid());
        assertFalse(validator.validate(good.copy().put("colour", "red")).getValid(), "an undeclared field");
        assertFalse(validator.validate(new JsonObject().put("items", new JsonArray())).getValid(), "next is missing");
        assertFalse(validator.validate(good.copy().put("mode", "c")).getValid(), "not one of the values");
        JsonObject negative = good.copy();
        negative.getJsonArray("items").getJsonObject(0).put("price", -1);
        assertFalse(validator.validate(negative).getValid(), "below the minimum");
    }

    @Test
    void anIntegerFieldIsReadAsItsDeclarationSays() {
        Schema request = Schema.object().required("shop", Schema.string())
                .optional("limit", Schema.integer().min(1).max(100).defaultValue(10));
        assertEquals(10, RequestFields.intField(new JsonObject(), request, "limit"));
        assertEquals(100, RequestFields.intField(new JsonObject().put("limit", 100), request, "limit"));
        ServiceException tooMany = assertThrows(ServiceException.class,
                () -> RequestFields.intField(new JsonObject().put("limit", 101), request, "limit"));
        assertEquals("limit", tooMany.errors().get(0).key());
        assertEquals("must be between 1 and 100, got 101", tooMany.errors().get(0).message());
        assertThrows(IllegalArgumentException.class, () -> RequestFields.intField(new JsonObject(), request, "shop"),
                "a field not declared as an integer with a default is a programming error");
    }
}

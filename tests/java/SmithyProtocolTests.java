// Converts Smithy's protocol test models (IDL) into one JSON AST file per service, for the
// conformance runner: the service with every shape it reaches, the definitions of the
// traits applied to them (so the test traits travel with their operations) and the shapes
// trait values name, mixins flattened. Prelude shapes are left out, as in every JSON AST
// model.
//
//   java -cp smithy-model.jar:smithy-utils.jar SmithyProtocolTests.java IDL_DIR OUT_DIR
//
// Exit status 1 when the model has an ERROR or DANGER validation event (they are printed).
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.smithy.model.Model;
import software.amazon.smithy.model.loader.ModelAssembler;
import software.amazon.smithy.model.neighbor.NeighborProvider;
import software.amazon.smithy.model.neighbor.Walker;
import software.amazon.smithy.model.node.Node;
import software.amazon.smithy.model.shapes.ModelSerializer;
import software.amazon.smithy.model.shapes.ServiceShape;
import software.amazon.smithy.model.shapes.Shape;
import software.amazon.smithy.model.shapes.ShapeId;
import software.amazon.smithy.model.transform.ModelTransformer;
import software.amazon.smithy.model.validation.Severity;
import software.amazon.smithy.model.validation.ValidatedResult;

public final class SmithyProtocolTests {
    public static void main(String[] args) throws Exception {
        Path idl = Path.of(args[0]);
        Path out = Path.of(args[1]);
        ModelAssembler assembler = Model.assembler();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(idl)) {
            sources = walk.filter(p -> p.toString().endsWith(".smithy")).sorted().collect(Collectors.toList());
        }
        sources.forEach(assembler::addImport);
        ValidatedResult<Model> result = assembler.assemble();
        boolean failed = false;
        for (var event : result.getValidationEvents()) {
            if (event.getSeverity() == Severity.ERROR || event.getSeverity() == Severity.DANGER) {
                System.err.println(event);
                failed = true;
            }
        }
        if (result.getResult().isEmpty()) {
            System.exit(1);
        }
        Model model = ModelTransformer.create().flattenAndRemoveMixins(result.getResult().get());
        Files.createDirectories(out);
        // Members, targets and operations; the definitions of applied traits; and shapes a
        // trait value names with `@idRef` (such as a test case's `vendorParamsShape`).
        NeighborProvider neighbors = NeighborProvider.withIdRefRelationships(
                model, NeighborProvider.withTraitRelationships(model, NeighborProvider.of(model)));
        Walker walker = new Walker(neighbors);
        int written = 0;
        for (ServiceShape service : new TreeSet<>(model.getServiceShapes())) {
            Set<Shape> closure = new TreeSet<>(walker.walkShapes(service));
            Set<ShapeId> ids = closure.stream().map(Shape::getId).collect(Collectors.toSet());
            Node ast = ModelSerializer.builder()
                    .shapeFilter(shape -> ids.contains(shape.getId()))
                    .includePrelude(false)
                    .build()
                    .serialize(model);
            String name = service.getId().getNamespace() + "." + service.getId().getName() + ".json";
            Files.writeString(out.resolve(name), Node.prettyPrintJson(ast) + "\n", StandardCharsets.UTF_8);
            written++;
        }
        System.out.println(written + " services from " + sources.size() + " files");
        System.exit(failed ? 1 : 0);
    }
}

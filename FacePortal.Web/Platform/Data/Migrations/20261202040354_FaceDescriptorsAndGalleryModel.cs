using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FacePortal.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class FaceDescriptorsAndGalleryModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Model",
                table: "Galleries",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "FaceDescriptors",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FaceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Vector = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaceDescriptors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FaceDescriptors_Faces_FaceId",
                        column: x => x.FaceId,
                        principalTable: "Faces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FaceDescriptors_FaceId_Model",
                table: "FaceDescriptors",
                columns: new[] { "FaceId", "Model" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FaceDescriptors_Model",
                table: "FaceDescriptors",
                column: "Model");

            // Every stored descriptor moves, keyed by the signature it was made with, dated by its image's import.
            migrationBuilder.Sql("""
                INSERT INTO "FaceDescriptors" ("FaceId", "Model", "Vector", "CreatedAt")
                SELECT f."Id", f."DescriptorModel", f."Descriptor", i."ImportedAt"
                FROM "Faces" AS f JOIN "Images" AS i ON i."Id" = f."ImageId"
                WHERE f."Descriptor" IS NOT NULL AND f."DescriptorModel" IS NOT NULL;
                """);

            // SQLite's own DROP COLUMN (3.35+): no table rebuild, so nothing referencing Faces is dropped and re-created.
            migrationBuilder.Sql("""ALTER TABLE "Faces" DROP COLUMN "Descriptor";""");
            migrationBuilder.Sql("""ALTER TABLE "Faces" DROP COLUMN "DescriptorModel";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Descriptor",
                table: "Faces",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DescriptorModel",
                table: "Faces",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            // The old shape holds one descriptor per face: the first one stored.
            migrationBuilder.Sql("""
                UPDATE "Faces" SET
                    "DescriptorModel" = (SELECT d."Model" FROM "FaceDescriptors" AS d WHERE d."FaceId" = "Faces"."Id" ORDER BY d."Id" LIMIT 1),
                    "Descriptor" = (SELECT d."Vector" FROM "FaceDescriptors" AS d WHERE d."FaceId" = "Faces"."Id" ORDER BY d."Id" LIMIT 1);
                """);

            migrationBuilder.DropTable(
                name: "FaceDescriptors");

            migrationBuilder.DropColumn(
                name: "Model",
                table: "Galleries");
        }
    }
}
